namespace Moby.Data;

/// <summary>
/// Two independently augmented views of one decoded image (spec section 3.1), written as normalised float CHW.
/// Each view's random stream depends only on (seed, epoch, index, view).
/// </summary>
public sealed class TwoViewTransform(SslAugmentationOptions options, ChannelStats stats)
{
    readonly Normalize _normalize = new(options.Stats ?? stats);

    public SslAugmentationOptions Options { get; } = options;
    public int Channels => _normalize.Channels;
    public int Size => Options.Size;
    public int ViewLength => Channels * Size * Size;

    public void Apply(DecodedImage image, long seed, long epoch, long index, Span<float> view1, Span<float> view2,
        AugmentationWorkspace ws)
    {
        var rng1 = SplitMix.For(seed, epoch, index, 1);
        ApplyView(image, ref rng1, Options.View1, view1, ws);
        var rng2 = SplitMix.For(seed, epoch, index, 2);
        ApplyView(image, ref rng2, Options.View2, view2, ws);
    }

    /// <summary>One view as 8-bit pixels, before normalisation (for tests and inspection).</summary>
    public ImageBuffer Augment(DecodedImage image, ref SplitMix rng, ViewOptions view, AugmentationWorkspace ws)
    {
        var o = Options;
        var box = RandomResizedCrop.SampleBox(image.Width, image.Height, ref rng, o.ScaleMin, o.ScaleMax, o.RatioMin, o.RatioMax);
        var img = ws.View;
        BilinearResize.Resize(image, box, img, o.Size, o.Size, ws.Resize);
        if (rng.Chance(view.FlipP))
            HorizontalFlip.Apply(img);
        if (rng.Chance(view.ColorJitterP))
            ColorJitter.Sample(ref rng, o.ColorJitter).Apply(img, o.ColorJitter);
        if (rng.Chance(view.GrayscaleP))
            Grayscale.Apply(img);
        if (rng.Chance(view.BlurP))
            GaussianBlur.Apply(img, (float)rng.Uniform(o.BlurSigmaMin, o.BlurSigmaMax), ws.Blur);
        if (rng.Chance(view.SolarizeP))
            Solarize.Apply(img, o.SolarizeThreshold);
        return img;
    }

    void ApplyView(DecodedImage image, ref SplitMix rng, ViewOptions view, Span<float> dst, AugmentationWorkspace ws) =>
        _normalize.ToChw(Augment(image, ref rng, view, ws), dst);
}
