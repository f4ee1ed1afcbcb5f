namespace Moby.Training;

/// <summary>One optimizer step: loss, schedules, gradient norm before clipping, the collapse indicator and the throughput.</summary>
/// <param name="Position">The step just taken.</param>
/// <param name="Loss">MoBY loss of the step.</param>
/// <param name="Lr">Learning rate of the step.</param>
/// <param name="Momentum">Momentum of the target encoder's update.</param>
/// <param name="GradNorm">Total gradient L2 norm before clipping.</param>
/// <param name="CollapseStd">Standard deviation of the normalised projections over the batch (near 0: collapse).</param>
/// <param name="ImagesPerSecond">Throughput of the step.</param>
public sealed record IterationMetrics(RunPosition Position, double Loss, double Lr, double Momentum, double GradNorm, double CollapseStd, double ImagesPerSecond);
