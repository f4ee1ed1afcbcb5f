namespace Moby.Data.Segmentation;

/// <summary>
/// mmseg's PhotoMetricDistortion, on the image only, each step with probability 1/2 and in mmseg's order of draws:
/// brightness (add a delta ~ U[-32, 32]), contrast (multiply by ~ U[0.5, 1.5]) either before or after the colour steps,
/// saturation (~ U[0.5, 1.5]) and hue (a shift of ~ U{-18..18} of OpenCV's 180 steps). Brightness and contrast are
/// mmseg's arithmetic (float32, clipped to [0, 255], truncated); saturation and hue use torchvision's adjustments,
/// which act on colour images only (a one-channel image has neither).
/// </summary>
internal static class PhotometricDistortion
{
    private const float BrightnessDelta = 32, RangeLow = 0.5f, RangeHigh = 1.5f;
    private const int HueDelta = 18;

    public static void Apply(ImageBuffer image, ref SplitMix rng)
    {
        if (rng.NextInt(2) == 1) Convert(image, 1, (float)rng.Uniform(-BrightnessDelta, BrightnessDelta));
        bool contrastFirst = rng.NextInt(2) == 1;
        if (contrastFirst) Contrast(image, ref rng);
        if (rng.NextInt(2) == 1)
        {
            float factor = (float)rng.Uniform(RangeLow, RangeHigh);
            if (image.Channels == 3) ColorAdjust.Saturation(image, factor);
        }
        if (rng.NextInt(2) == 1)
        {
            int shift = rng.NextInt(2 * HueDelta + 1) - HueDelta;
            if (image.Channels == 3) ColorAdjust.Hue(image, shift / 180f);
        }
        if (!contrastFirst) Contrast(image, ref rng);
    }

    private static void Contrast(ImageBuffer image, ref SplitMix rng)
    {
        if (rng.NextInt(2) == 1) Convert(image, (float)rng.Uniform(RangeLow, RangeHigh), 0);
    }

    /// <summary>v * alpha + beta in float32, clipped to [0, 255] and truncated, as mmseg's convert.</summary>
    public static void Convert(ImageBuffer image, float alpha, float beta)
    {
        foreach (ref byte v in image.Pixels) v = (byte)Math.Clamp(v * alpha + beta, 0f, 255f);
    }
}
