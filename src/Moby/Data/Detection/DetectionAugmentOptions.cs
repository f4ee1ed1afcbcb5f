namespace Moby.Data.Detection;

/// <summary>
/// mmdet's detection pipeline: <c>Resize(img_scale=[(LongMax, ShortMax), (LongMin, ShortMin)], multiscale_mode='range',
/// keep_ratio=True)</c> (a long edge drawn uniformly from [LongMin, LongMax] and a short edge from [ShortMin, ShortMax],
/// integers both ends included, then the largest ratio-keeping size within both), <c>RandomFlip</c> with
/// <see cref="FlipP"/>, mmseg's photometric distortion of the image alone when <see cref="Photometric"/>,
/// <c>Normalize</c>, <c>Pad(size_divisor=SizeDivisor)</c> (image 0 after normalisation, masks 0). The test pipeline is
/// the same with one scale and neither flip nor distortion (<see cref="Test"/>).
/// </summary>
internal sealed record DetectionAugmentOptions
{
    public required int LongMin { get; init; }
    public required int LongMax { get; init; }
    public required int ShortMin { get; init; }
    public required int ShortMax { get; init; }
    public required double FlipP { get; init; }
    public required bool Photometric { get; init; }
    public required int SizeDivisor { get; init; }

    /// <summary>mmdet's test pipeline: one scale (long, short edge), no flip, no distortion.</summary>
    public static DetectionAugmentOptions Test(int longEdge, int shortEdge, int sizeDivisor) => new()
    {
        LongMin = longEdge, LongMax = longEdge, ShortMin = shortEdge, ShortMax = shortEdge, FlipP = 0, Photometric = false, SizeDivisor = sizeDivisor,
    };
}
