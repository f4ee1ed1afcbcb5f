using Moby.Data;

namespace Moby.Evaluation;

/// <summary>What <see cref="EvaluationSuite"/> measures and how: kNN (k, temperature), the fast linear probe, batches, the split.</summary>
public sealed record EvaluationOptions
{
    // Constants, so that the command line's and the front door's defaults are these.
    /// <summary>The default of <see cref="K"/>.</summary>
    public const int DefaultK = 20;
    /// <summary>The default of <see cref="Temperature"/>.</summary>
    public const double DefaultTemperature = 0.07;
    /// <summary>The default of <see cref="LinearEpochs"/>.</summary>
    public const int DefaultLinearEpochs = 60;
    /// <summary>The default of <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 256;

    /// <summary>Neighbours that vote in kNN.</summary>
    public int K { get; init; } = DefaultK;
    /// <summary>Temperature of the kNN votes' weights, exp(similarity / T).</summary>
    public double Temperature { get; init; } = DefaultTemperature;
    /// <summary>Run the weighted kNN classifier.</summary>
    public bool Knn { get; init; } = true;
    /// <summary>Run the linear probe (a small sweep of learning rate and weight decay).</summary>
    public bool Linear { get; init; } = true;
    /// <summary>Epochs of the linear probe, for each setting it tries.</summary>
    public int LinearEpochs { get; init; } = DefaultLinearEpochs;
    /// <summary>Images per forward pass when extracting features.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
    /// <summary>Data loader threads; 0: one per core.</summary>
    public int Workers { get; init; }
    /// <summary>Seed of the linear probe.</summary>
    public int Seed { get; init; }
    /// <summary>Where the backbones extract features: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>; kNN and the linear probe run on the CPU.</summary>
    public string Device { get; init; } = "cpu";
    /// <summary>0: fit on the train split, score on the test split. Else score on this fraction of the train split (evenly
    /// spread) and fit on the rest, so recipes can be tuned without touching the test split.</summary>
    public double HoldOut { get; init; }
    /// <summary>Fit on the labelled subset a fine-tuning run with these labels trains on (the same images, outside the same
    /// held-out set), for the linear-probe rows of a label-fraction comparison; null: the whole train split.</summary>
    internal LabelSelection? Labels { get; init; }
}
