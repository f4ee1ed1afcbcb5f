namespace Moby.Evaluation;

/// <summary>Top-1 and top-5 accuracy, and the top-1 prediction of every sample.</summary>
internal sealed record ClassificationResult(double Top1, double Top5, long[] Predictions);
