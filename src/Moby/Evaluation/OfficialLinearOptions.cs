namespace Moby.Evaluation;

/// <summary>The settings of the paper's linear protocol (<see cref="OfficialLinearProtocol"/>), official moby_linear.py values by default.</summary>
public sealed record OfficialLinearOptions
{
    // Constants, so that the command line's defaults are these.
    public const int DefaultEpochs = 100;
    public const int DefaultBatchSize = 64;

    public int Epochs { get; init; } = DefaultEpochs;
    public int WarmupEpochs { get; init; } = 5;
    public int BatchSize { get; init; } = DefaultBatchSize;
    /// <summary>Scaled by batch / 512 as officially (1.0 at 512).</summary>
    public double BaseLr { get; init; } = 1.0;
    public double LabelSmoothing { get; init; } = 0.1;
    public int Workers { get; init; }
    public int Seed { get; init; }
    /// <summary>Told about each image that does not decode (it is replaced by the next decodable one); null: counted only.</summary>
    public Action<string>? Warn { get; init; }
}
