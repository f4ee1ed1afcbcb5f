namespace Moby.Data;

/// <summary>
/// torchvision's ColorJitter: a random order of the four adjustments on every call, with factors ~ U[max(0, 1-s), 1+s]
/// (hue ~ U[-h, h]).
/// </summary>
internal readonly record struct ColorJitter(int Order, float Brightness, float Contrast, float Saturation, float Hue)
{
    public static ColorJitter Sample(ref SplitMix rng, ColorJitterOptions o)
    {
        Span<int> order = [0, 1, 2, 3];
        rng.Shuffle(order);
        return new ColorJitter(order[0] | order[1] << 2 | order[2] << 4 | order[3] << 6,
            Factor(ref rng, o.Brightness), Factor(ref rng, o.Contrast), Factor(ref rng, o.Saturation),
            (float)rng.Uniform(-o.Hue, o.Hue));
    }

    /// <summary>The operation applied at <paramref name="step"/> (0..3): 0 brightness, 1 contrast, 2 saturation, 3 hue.</summary>
    public int OperationAt(int step) => (Order >> (2 * step)) & 3;

    public void Apply(ImageBuffer image, ColorJitterOptions o)
    {
        for (int step = 0; step < 4; step++)
        {
            switch (OperationAt(step))
            {
                case 0 when o.Brightness > 0: ColorAdjust.Brightness(image, Brightness); break;
                case 1 when o.Contrast > 0: ColorAdjust.Contrast(image, Contrast); break;
                case 2 when o.Saturation > 0: ColorAdjust.Saturation(image, Saturation); break;
                case 3 when o.Hue > 0: ColorAdjust.Hue(image, Hue); break;
            }
        }
    }

    static float Factor(ref SplitMix rng, double strength) => (float)rng.Uniform(Math.Max(0, 1 - strength), 1 + strength);
}
