using Moby.Data;

namespace Moby.Runs;

/// <summary>What to embed and where to: the checkpoint (and architecture), the images, the output file.</summary>
public sealed record FeaturesRequest
{
    /// <summary>A constant, so that the command line's default is this.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>The checkpoint with the backbone (any format <see cref="Interop.CheckpointFile.Read"/> reads).</summary>
    public required string Weights { get; init; }
    /// <summary>A preset or YAML config; null = the config stored in the checkpoint.</summary>
    public string? Model { get; init; }
    /// <summary>The weights under this key prefix; null = a MoBY checkpoint's online encoder, else all keys.</summary>
    public string? Prefix { get; init; }
    /// <summary>A data source, or a .safetensors file holding a normalised tensor 'input' [B, C, H, W].</summary>
    public required string Input { get; init; }
    /// <summary>The split of a data source to embed.</summary>
    public DataSplit Split { get; init; } = DataSplit.Test;
    /// <summary>The eval transform for data sources; null = the checkpoint's MOBYNET.EVAL_CROP_RATIO.</summary>
    public double? CropRatio { get; init; }
    /// <summary>The safetensors file for 'features' [N, D] (and 'labels' [N] of a labelled data source).</summary>
    public required string Output { get; init; }
    /// <summary>Also the CSV beside it: label, then the features, one image per line.</summary>
    public bool Csv { get; init; }
    /// <summary>Images per forward pass.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;
}
