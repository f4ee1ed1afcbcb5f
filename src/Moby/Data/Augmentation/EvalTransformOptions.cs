namespace Moby.Data;

/// <summary>
/// Evaluation preprocessing: resize the shorter side to Size / CropRatio (256 for 224), centre-crop Size, normalise.
/// CropRatio 1.0 leaves tiny data sets (28/32 px) untouched when Size matches.
/// </summary>
internal sealed record EvalTransformOptions
{
    public required int Size { get; init; }
    /// <summary>Size / resized shorter side (MOBYNET.EVAL_CROP_RATIO: 0.875 = 224 / 256).</summary>
    public required double CropRatio { get; init; }

    /// <summary>Normalisation; null takes the data set's own.</summary>
    public ChannelStats? Stats { get; init; }
}
