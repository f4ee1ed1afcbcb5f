namespace Moby.Data;

/// <summary>
/// The BYOL asymmetric augmentation as the official MoBY code configures it (random resized crop, flip, colour jitter,
/// grayscale, blur and solarize, with blur and solarize probabilities differing between the two views); every range and
/// probability can be changed. The official values are those of the configuration (MOBYNET.AUG and AUG.SSL_AUG_CROP in
/// defaults.yaml), the one place they are written: start from <c>TrainingData.Augmentation(ConfigTree.Defaults(), size)</c>
/// and change what differs with <c>with { ... }</c>.
/// </summary>
internal sealed record SslAugmentationOptions
{
    public required int Size { get; init; }
    public required double ScaleMin { get; init; }
    public required double ScaleMax { get; init; }
    public required double RatioMin { get; init; }
    public required double RatioMax { get; init; }
    public required ColorJitterOptions ColorJitter { get; init; }
    public required double BlurSigmaMin { get; init; }
    public required double BlurSigmaMax { get; init; }
    public required ViewOptions View1 { get; init; }
    public required ViewOptions View2 { get; init; }

    /// <summary>Pixel values at or above this are inverted (torchvision's Solarize threshold, fixed in BYOL's recipe).</summary>
    public int SolarizeThreshold { get; init; } = 128;

    /// <summary>Normalisation; null takes the data set's own (<see cref="IImageDataset.Stats"/>).</summary>
    public ChannelStats? Stats { get; init; }
}
