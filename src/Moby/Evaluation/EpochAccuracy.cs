namespace Moby.Evaluation;

/// <summary>Top-1 and top-5 on the scored split after an epoch (0-based).</summary>
public sealed record EpochAccuracy(int Epoch, double Top1, double Top5);
