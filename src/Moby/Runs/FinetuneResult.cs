using Moby.Evaluation;
using Moby.Finetune;
using Moby.Training;

namespace Moby.Runs;

/// <summary>How a fine-tuning run ended, the classifier it trained (owned by the caller), its latest checkpoint and, when it finished, the test-split score.</summary>
internal sealed record FinetuneResult(RunOutcome Outcome, Classifier Model, ClassifierInfo Info, string? CheckpointPath, ClassificationResult? Test);
