namespace Moby.Training;

/// <summary>An epoch done: the means over its steps, the throughput and the time it took.</summary>
/// <param name="Epoch">The epoch, 0-based.</param>
/// <param name="Step">Optimizer steps so far.</param>
/// <param name="MeanLoss">Mean MoBY loss over the epoch's steps.</param>
/// <param name="MeanGradNorm">Mean gradient norm (before clipping).</param>
/// <param name="ImagesPerSecond">Training throughput over the epoch.</param>
/// <param name="Elapsed">Wall time of the epoch.</param>
public sealed record EpochMetrics(int Epoch, long Step, double MeanLoss, double MeanGradNorm, double ImagesPerSecond, TimeSpan Elapsed);
