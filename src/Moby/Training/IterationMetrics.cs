namespace Moby.Training;

/// <summary>
/// One optimizer step: loss, schedules, gradient norm before clipping, the collapse indicator and the throughput.
/// The target momentum and the collapse indicator are MoBY's; a fine-tuning step has neither (null). A loss of several
/// terms (detection's) also reports each term.
/// </summary>
/// <param name="Position">The step just taken.</param>
/// <param name="Loss">The loss of the step.</param>
/// <param name="Lr">Learning rate of the step.</param>
/// <param name="Momentum">Momentum of the target encoder's update (MoBY; null in fine-tuning).</param>
/// <param name="GradNorm">Total gradient L2 norm before clipping.</param>
/// <param name="CollapseStd">Standard deviation of the normalised projections over the batch (near 0: collapse; MoBY only).</param>
/// <param name="ImagesPerSecond">Throughput of the step.</param>
/// <param name="Terms">The loss's terms and measurements by name (Mask R-CNN's loss_rpn_cls, ..., acc), logged beside the
/// loss; null for a loss of one term.</param>
public sealed record IterationMetrics(RunPosition Position, double Loss, double Lr, double? Momentum, double GradNorm, double? CollapseStd, double ImagesPerSecond,
                                      IReadOnlyDictionary<string, double>? Terms = null);
