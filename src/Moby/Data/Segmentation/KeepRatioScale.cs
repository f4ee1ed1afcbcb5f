namespace Moby.Data.Segmentation;

/// <summary>
/// mmcv's keep-ratio rescale (imrescale): the largest factor that keeps the long side within the scale's long edge and
/// the short side within its short edge; the new size rounds half up, as <c>int(w * factor + 0.5)</c>.
/// </summary>
internal static class KeepRatioScale
{
    public static (int Width, int Height) Size(int width, int height, int longEdge, int shortEdge)
    {
        double factor = Math.Min((double)Math.Max(longEdge, shortEdge) / Math.Max(width, height),
                                 (double)Math.Min(longEdge, shortEdge) / Math.Min(width, height));
        return (Math.Max(1, (int)(width * factor + 0.5)), Math.Max(1, (int)(height * factor + 0.5)));
    }
}
