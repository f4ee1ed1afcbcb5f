namespace Moby.Evaluation;

/// <summary>Top-1 and top-5 on the scored split after an epoch (0-based).</summary>
/// <param name="Epoch">The epoch, 0-based.</param>
/// <param name="Top1">Top-1 accuracy, 0 to 1.</param>
/// <param name="Top5">Top-5 accuracy, 0 to 1.</param>
public sealed record EpochAccuracy(int Epoch, double Top1, double Top5);
