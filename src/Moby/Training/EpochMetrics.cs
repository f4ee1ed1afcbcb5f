namespace Moby.Training;

/// <summary>An epoch done: the means over its steps, the throughput and the time it took.</summary>
public sealed record EpochMetrics(int Epoch, long Step, double MeanLoss, double MeanGradNorm, double ImagesPerSecond, TimeSpan Elapsed);
