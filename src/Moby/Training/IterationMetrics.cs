namespace Moby.Training;

/// <summary>One optimizer step: loss, schedules, gradient norm before clipping, the collapse indicator and the throughput.</summary>
public sealed record IterationMetrics(RunPosition Position, double Loss, double Lr, double Momentum, double GradNorm, double CollapseStd, double ImagesPerSecond);
