using Moby.Data;

namespace Moby.Evaluation;

/// <summary>What <see cref="EvaluationSuite"/> measures and how: kNN (k, temperature), the fast linear probe, batches, the split.</summary>
public sealed record EvaluationOptions
{
    // Constants, so that the command line's defaults are these.
    public const int DefaultK = 20;
    public const double DefaultTemperature = 0.07;
    public const int DefaultLinearEpochs = 60;

    public int K { get; init; } = DefaultK;
    public double Temperature { get; init; } = DefaultTemperature;
    public bool Knn { get; init; } = true;
    public bool Linear { get; init; } = true;
    public int LinearEpochs { get; init; } = DefaultLinearEpochs;
    public int BatchSize { get; init; } = 256;
    public int Workers { get; init; }
    public int Seed { get; init; }
    /// <summary>0: fit on the train split, score on the test split. Else score on this fraction of the train split (evenly
    /// spread) and fit on the rest, so recipes can be tuned without touching the test split.</summary>
    public double HoldOut { get; init; }
    /// <summary>Fit on the labelled subset a fine-tuning run with these labels trains on (the same images, outside the same
    /// held-out set), for the linear-probe rows of a label-fraction comparison; null: the whole train split.</summary>
    internal LabelSelection? Labels { get; init; }
}
