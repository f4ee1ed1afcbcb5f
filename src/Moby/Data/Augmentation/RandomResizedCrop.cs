namespace Moby.Data;

/// <summary>torchvision's RandomResizedCrop: the crop box sampling, then PIL bilinear resizing of that box.</summary>
internal static class RandomResizedCrop
{
    const int Tries = 10;

    /// <summary>
    /// torchvision's get_params: up to 10 tries of area fraction ~ U(scale) and log-uniform aspect ratio; a try fits
    /// if its rounded size lies within the image. Otherwise the largest centred crop with the ratio clamped to range.
    /// </summary>
    public static CropBox SampleBox(int width, int height, ref SplitMix rng, double scaleMin, double scaleMax,
        double ratioMin, double ratioMax)
    {
        double area = (double)width * height;
        double logMin = Math.Log(ratioMin), logMax = Math.Log(ratioMax);
        for (int i = 0; i < Tries; i++)
        {
            double target = area * rng.Uniform(scaleMin, scaleMax);
            double ratio = Math.Exp(rng.Uniform(logMin, logMax));
            int w = (int)Math.Round(Math.Sqrt(target * ratio), MidpointRounding.ToEven);
            int h = (int)Math.Round(Math.Sqrt(target / ratio), MidpointRounding.ToEven);
            if (w > 0 && w <= width && h > 0 && h <= height)
            {
                int top = rng.NextInt(height - h + 1);
                int left = rng.NextInt(width - w + 1);
                return new CropBox(left, top, w, h);
            }
        }
        return CentralFallback(width, height, ratioMin, ratioMax);
    }

    public static CropBox CentralFallback(int width, int height, double ratioMin, double ratioMax)
    {
        double inRatio = (double)width / height;
        var (w, h) = inRatio < ratioMin ? (width, (int)Math.Round(width / ratioMin, MidpointRounding.ToEven))
            : inRatio > ratioMax ? ((int)Math.Round(height * ratioMax, MidpointRounding.ToEven), height)
            : (width, height);
        return new CropBox((width - w) / 2, (height - h) / 2, w, h);
    }
}
