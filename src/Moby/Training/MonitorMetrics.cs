namespace Moby.Training;

/// <summary>An evaluation during pre-training (e.g. the online kNN monitor) after an epoch.</summary>
/// <param name="Epoch">The epoch just ended, 0-based.</param>
/// <param name="Step">Optimizer steps so far.</param>
/// <param name="Name">What was measured, e.g. <c>knn_top1</c>.</param>
/// <param name="Value">The measurement.</param>
public sealed record MonitorMetrics(int Epoch, long Step, string Name, double Value);
