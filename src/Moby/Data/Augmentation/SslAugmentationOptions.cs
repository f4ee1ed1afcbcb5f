namespace Moby.Data;

/// <summary>Probabilities of the per-view steps; the two views of BYOL/MoBY differ only in blur and solarize.</summary>
public sealed record ViewOptions
{
    public double FlipP { get; init; } = 0.5;
    public double ColorJitterP { get; init; } = 0.8;
    public double GrayscaleP { get; init; } = 0.2;
    public double BlurP { get; init; } = 1.0;
    public double SolarizeP { get; init; }
}

/// <summary>
/// The BYOL asymmetric augmentation as the official MoBY code configures it (random resized crop, flip, colour jitter,
/// grayscale, blur and solarize, with blur and solarize probabilities differing between the two views); every range and
/// probability can be changed. Defaults are the official ones.
/// </summary>
public sealed record SslAugmentationOptions
{
    public int Size { get; init; } = 224;
    public double ScaleMin { get; init; } = 0.08;
    public double ScaleMax { get; init; } = 1.0;
    public double RatioMin { get; init; } = 3.0 / 4.0;
    public double RatioMax { get; init; } = 4.0 / 3.0;
    public ColorJitterOptions ColorJitter { get; init; } = new();
    public double BlurSigmaMin { get; init; } = 0.1;
    public double BlurSigmaMax { get; init; } = 2.0;
    public int SolarizeThreshold { get; init; } = 128;
    public ViewOptions View1 { get; init; } = new();
    public ViewOptions View2 { get; init; } = new() { BlurP = 0.1, SolarizeP = 0.2 };

    /// <summary>Normalisation; null takes the data set's own (<see cref="IImageDataset.Stats"/>).</summary>
    public ChannelStats? Stats { get; init; }
}
