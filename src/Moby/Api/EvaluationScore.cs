namespace Moby;

/// <summary>How well a backbone's features classify a labelled data set.</summary>
/// <param name="Top1">Top-1 accuracy, 0 to 1.</param>
/// <param name="Top5">Top-5 accuracy, 0 to 1 (1 when there are at most 5 classes).</param>
/// <param name="Scored">What was scored: "the test split" or "N held-out train images".</param>
/// <param name="Messages">What the evaluation reported (images skipped as undecodable), in order.</param>
public sealed record EvaluationScore(double Top1, double Top5, string Scored, IReadOnlyList<string> Messages);
