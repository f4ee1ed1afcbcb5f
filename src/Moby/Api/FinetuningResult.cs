namespace Moby;

/// <summary>A finished (or stopped) fine-tuning run: the classifier, its test-split accuracy, and what happened.</summary>
public sealed class FinetuningResult : IDisposable
{
    internal FinetuningResult(FinetuningOutcome outcome, ImageClassifier classifier, string? checkpoint, double? testTop1, double? testTop5,
                              IReadOnlyList<string> messages)
    {
        (Outcome, Classifier, CheckpointPath, TestTop1, TestTop5, Messages) = (outcome, classifier, checkpoint, testTop1, testTop5, messages);
    }

    /// <summary>How the run ended.</summary>
    public FinetuningOutcome Outcome { get; }

    /// <summary>The trained classifier (owned by this result: disposed with it).</summary>
    public ImageClassifier Classifier { get; }

    /// <summary>The latest checkpoint, when the run had an output folder; null otherwise.</summary>
    public string? CheckpointPath { get; }

    /// <summary>Top-1 accuracy on the test split, scored once at the end; null when the run stopped early or the data has no test split.</summary>
    public double? TestTop1 { get; }

    /// <summary>Top-5 accuracy on the test split (see <see cref="TestTop1"/>).</summary>
    public double? TestTop5 { get; }

    /// <summary>What the run reported besides progress (the labelled subset, held-out accuracy, skipped images, resuming), in order.</summary>
    public IReadOnlyList<string> Messages { get; }

    /// <summary>Frees the classifier.</summary>
    public void Dispose() => Classifier.Dispose();
}
