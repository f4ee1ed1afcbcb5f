namespace Moby.Training;

/// <summary>
/// One optimizer step: loss, schedules, gradient norm before clipping, the collapse indicator and the throughput.
/// The target momentum and the collapse indicator are MoBY's; a fine-tuning step has neither (null).
/// </summary>
public sealed record IterationMetrics(RunPosition Position, double Loss, double Lr, double? Momentum, double GradNorm, double? CollapseStd, double ImagesPerSecond);
