namespace Moby.Evaluation;

/// <summary>The settings of the paper's linear protocol (<see cref="OfficialLinearProtocol"/>), official moby_linear.py values by default.</summary>
public sealed record OfficialLinearOptions
{
    // Constants, so that the command line's defaults are these.
    /// <summary>The default of <see cref="Epochs"/> (official: 100).</summary>
    public const int DefaultEpochs = 100;
    /// <summary>The default of <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>Training epochs of the linear head.</summary>
    public int Epochs { get; init; } = DefaultEpochs;
    /// <summary>Epochs of linear learning-rate warmup (official: 5).</summary>
    public int WarmupEpochs { get; init; } = 5;
    /// <summary>Images per batch (augmented with a random resized crop and a flip, as officially).</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
    /// <summary>Scaled by batch / 512 as officially (1.0 at 512).</summary>
    public double BaseLr { get; init; } = 1.0;
    /// <summary>Label smoothing of the cross-entropy loss (official: 0.1).</summary>
    public double LabelSmoothing { get; init; } = 0.1;
    /// <summary>Data loader threads; 0: one per core.</summary>
    public int Workers { get; init; }
    /// <summary>Seed of the head's initialisation and the data order.</summary>
    public int Seed { get; init; }
    /// <summary>Told about each image that does not decode (it is replaced by the next decodable one); null: counted only.</summary>
    public Action<string>? Warn { get; init; }
}
