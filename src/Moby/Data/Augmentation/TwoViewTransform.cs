namespace Moby.Data;

/// <summary>
/// Two independently augmented views of one decoded image (MoBY's two views, each with its own augmentation), written as normalised float CHW.
/// Each view's random stream depends only on (seed, epoch, index, view).
/// </summary>
internal sealed class TwoViewTransform(SslAugmentationOptions options, ChannelStats stats)
{
    readonly Normalize normalize = new(options.Stats ?? stats);

    public SslAugmentationOptions Options { get; } = options;
    public int Channels => normalize.Channels;
    public int Size => Options.Size;
    public int ViewLength => Channels * Size * Size;

    public void Apply(DecodedImage image, long seed, long epoch, long index, Span<float> view1, Span<float> view2,
        AugmentationWorkspace ws)
    {
        ApplyFirst(image, seed, epoch, index, view1, ws);
        var rng2 = SplitMix.For(seed, epoch, index, 2);
        ApplyView(image, ref rng2, Options.View2, view2, ws);
    }

    /// <summary>The first view alone, the same pixels as <see cref="Apply"/>'s first (each view has its own random stream).</summary>
    public void ApplyFirst(DecodedImage image, long seed, long epoch, long index, Span<float> view1, AugmentationWorkspace ws)
    {
        var rng1 = SplitMix.For(seed, epoch, index, 1);
        ApplyView(image, ref rng1, Options.View1, view1, ws);
    }

    /// <summary>
    /// Draws every random choice of one view, in the order torchvision's pipeline makes them
    /// (crop, flip, jitter, grayscale, blur, solarize).
    /// </summary>
    public ViewPlan Plan(int width, int height, ref SplitMix rng, ViewOptions view)
    {
        var o = Options;
        var box = RandomResizedCrop.SampleBox(width, height, ref rng, o.ScaleMin, o.ScaleMax, o.RatioMin, o.RatioMax);
        bool flip = rng.Chance(view.FlipP);
        ColorJitter? jitter = rng.Chance(view.ColorJitterP) ? ColorJitter.Sample(ref rng, o.ColorJitter) : null;
        bool gray = rng.Chance(view.GrayscaleP);
        float? sigma = rng.Chance(view.BlurP) ? (float)rng.Uniform(o.BlurSigmaMin, o.BlurSigmaMax) : null;
        bool solarize = rng.Chance(view.SolarizeP);
        return new ViewPlan(box, flip, jitter, gray, sigma, solarize);
    }

    /// <summary>One view as 8-bit pixels, before normalisation.</summary>
    public ImageBuffer Execute(DecodedImage image, ViewPlan plan, AugmentationWorkspace ws)
    {
        var img = ws.View;
        BilinearResize.Resize(image, plan.Box, img, Size, Size, ws.Resize);
        if (plan.Flip)
            HorizontalFlip.Apply(img);
        plan.Jitter?.Apply(img, Options.ColorJitter);
        if (plan.Grayscale)
            Grayscale.Apply(img);
        if (plan.BlurSigma is { } sigma)
            GaussianBlur.Apply(img, sigma, ws.Blur);
        if (plan.Solarize)
            Solarize.Apply(img, Options.SolarizeThreshold);
        return img;
    }

    void ApplyView(DecodedImage image, ref SplitMix rng, ViewOptions view, Span<float> dst, AugmentationWorkspace ws) =>
        normalize.ToChw(Execute(image, Plan(image.Width, image.Height, ref rng, view), ws), dst);
}
