using System.Runtime.Intrinsics;

namespace Moby.Data;

/// <summary>
/// torchvision's adjust_brightness / contrast / saturation / hue on PIL images, reproduced in 8-bit arithmetic:
/// the first three are PIL ImageEnhance blends with a "degenerate" image, the last an 8-bit HSV round trip.
/// </summary>
internal static class ColorAdjust
{
    /// <summary>Blend with black.</summary>
    public static void Brightness(ImageBuffer image, float factor)
    {
        Span<byte> lut = stackalloc byte[256];
        for (int v = 0; v < 256; v++)
            lut[v] = Blend(0, v, factor);
        Map(image.Pixels, lut);
    }

    /// <summary>Blend with the image's mean gray level (mean of its "L" conversion, rounded).</summary>
    public static void Contrast(ImageBuffer image, float factor)
    {
        Span<byte> lut = stackalloc byte[256];
        int mean = MeanLuma(image);
        for (int v = 0; v < 256; v++)
            lut[v] = Blend(mean, v, factor);
        Map(image.Pixels, lut);
    }

    /// <summary>Blend each pixel with its own gray level; no-op on one channel.</summary>
    public static void Saturation(ImageBuffer image, float factor)
    {
        if (image.Channels != 3)
            return;
        RgbLanes.Apply(image.Pixels, new SaturationBlend(factor));
    }

    readonly struct SaturationBlend(float factor) : IRgbMap
    {
        public (Vector256<int> R, Vector256<int> G, Vector256<int> B) Map(Vector256<int> r, Vector256<int> g, Vector256<int> b)
        {
            var gray = Grayscale.Luma(r, g, b);
            return (Blend(gray, r, factor), Blend(gray, g, factor), Blend(gray, b, factor));
        }

        public (byte R, byte G, byte B) Map(byte r, byte g, byte b)
        {
            int gray = Grayscale.Luma(r, g, b);
            return (Blend(gray, r, factor), Blend(gray, g, factor), Blend(gray, b, factor));
        }
    }

    /// <summary>Rotate the hue by factor of a turn (|factor| &lt;= 0.5) through PIL's 8-bit HSV; no-op on one channel.</summary>
    public static void Hue(ImageBuffer image, float factor)
    {
        if (image.Channels != 3)
            return;
        // np.uint8(factor * 255): truncation toward zero, then wrap-around for negative shifts.
        byte shift = unchecked((byte)(int)(factor * 255.0));
        HsvVector.RotateHue(image.Pixels, shift);
    }

    /// <summary>PIL's ImagingBlend: in1 + alpha * (in2 - in1) in float, truncated; clipped only when extrapolating.</summary>
    public static byte Blend(int degenerate, int value, float alpha)
    {
        float t = degenerate + alpha * (value - degenerate);
        if (alpha is >= 0 and <= 1)
            return (byte)t;
        return t <= 0 ? (byte)0 : t >= 255 ? (byte)255 : (byte)t;
    }

    /// <summary><see cref="Blend(int, int, float)"/> on eight lanes: the same float operations; truncating then clipping to
    /// [0, 255] is what the scalar version's branches do.</summary>
    static Vector256<int> Blend(Vector256<int> degenerate, Vector256<int> value, float alpha)
    {
        var t = Vector256.ConvertToSingle(degenerate) + Vector256.Create(alpha) * Vector256.ConvertToSingle(value - degenerate);
        return Vector256.Min(Vector256.Max(Vector256.ConvertToInt32(t), Vector256<int>.Zero), Vector256.Create(255));
    }

    static int MeanLuma(ImageBuffer image)
    {
        var p = image.Pixels;
        long sum = 0;
        if (image.Channels == 3)
        {
            for (int i = 0; i < p.Length; i += 3)
                sum += Grayscale.Luma(p[i], p[i + 1], p[i + 2]);
        }
        else
        {
            foreach (var v in p)
                sum += v;
        }
        return (int)((double)sum / (image.Width * image.Height) + 0.5);
    }

    static void Map(Span<byte> pixels, ReadOnlySpan<byte> lut)
    {
        foreach (ref var v in pixels)
            v = lut[v];
    }
}
