using Moby.Finetune;

namespace Moby.Runs;

/// <summary>What <c>moby predict</c> did: the predictions (class indices into <see cref="Classes"/>), the images skipped because they did not decode, and the top-1 accuracy when the images had labels.</summary>
internal sealed record PredictSummary(IReadOnlyList<Prediction> Predictions, IReadOnlyList<string> Classes, int Skipped, double? Top1);
