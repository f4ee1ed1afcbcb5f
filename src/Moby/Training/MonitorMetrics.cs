namespace Moby.Training;

/// <summary>An evaluation during pre-training (e.g. the online kNN monitor) after an epoch.</summary>
public sealed record MonitorMetrics(int Epoch, long Step, string Name, double Value);
