namespace Moby.Training;

/// <summary>
/// One optimizer step: loss, schedules, gradient norm before clipping, the collapse indicator and the throughput.
/// The target momentum and the collapse indicator are MoBY's; a fine-tuning step has neither (null).
/// </summary>
/// <param name="Position">The step just taken.</param>
/// <param name="Loss">The loss of the step.</param>
/// <param name="Lr">Learning rate of the step.</param>
/// <param name="Momentum">Momentum of the target encoder's update (MoBY; null in fine-tuning).</param>
/// <param name="GradNorm">Total gradient L2 norm before clipping.</param>
/// <param name="CollapseStd">Standard deviation of the normalised projections over the batch (near 0: collapse; MoBY only).</param>
/// <param name="ImagesPerSecond">Throughput of the step.</param>
public sealed record IterationMetrics(RunPosition Position, double Loss, double Lr, double? Momentum, double GradNorm, double? CollapseStd, double ImagesPerSecond);
