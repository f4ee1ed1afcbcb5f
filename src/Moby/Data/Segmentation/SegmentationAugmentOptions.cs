namespace Moby.Data.Segmentation;

/// <summary>
/// mmseg's training pipeline for segmentation (the Swin UPerNet ADE20K recipe): Resize to <see cref="ScaleLong"/> x
/// <see cref="ScaleShort"/> times a ratio drawn from [<see cref="RatioMin"/>, <see cref="RatioMax"/>] keeping the aspect
/// ratio, RandomCrop of <see cref="CropSize"/> (retried up to 10 times while one class covers
/// <see cref="CatMaxRatio"/> or more of the crop; 1 = off), horizontal flip with <see cref="FlipP"/>, photometric
/// distortion of the image only, normalisation, and padding to the crop size (image 0, labels 255).
/// </summary>
internal sealed record SegmentationAugmentOptions
{
    public int CropSize { get; init; } = 512;
    public int ScaleLong { get; init; } = 2048;
    public int ScaleShort { get; init; } = 512;
    public double RatioMin { get; init; } = 0.5;
    public double RatioMax { get; init; } = 2.0;
    public double CatMaxRatio { get; init; } = 0.75;
    public double FlipP { get; init; } = 0.5;
    public bool Photometric { get; init; } = true;
}
