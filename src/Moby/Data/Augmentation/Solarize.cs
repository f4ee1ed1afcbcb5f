namespace Moby.Data;

/// <summary>PIL's ImageOps.solarize: values at or above the threshold (default 128) become 255 - v.</summary>
internal static class Solarize
{
    public static void Apply(ImageBuffer image, int threshold = 128)
    {
        foreach (ref var v in image.Pixels)
        {
            if (v >= threshold)
                v = (byte)(255 - v);
        }
    }
}
