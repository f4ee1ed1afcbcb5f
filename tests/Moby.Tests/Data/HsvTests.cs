using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>The table-assisted conversions against a literal transcription of Pillow's Convert.c, over every input.</summary>
public class HsvTests
{
    [Fact]
    public void FromRgbIsPillowsForEveryColour()
    {
        for (int r = 0; r < 256; r++)
            for (int g = 0; g < 256; g++)
                for (int b = 0; b < 256; b++)
                    if (Hsv.FromRgb((byte)r, (byte)g, (byte)b) != PillowRgbToHsv(r, g, b))
                        Assert.Fail($"rgb ({r}, {g}, {b}): {Hsv.FromRgb((byte)r, (byte)g, (byte)b)} against Pillow's {PillowRgbToHsv(r, g, b)}");
    }

    [Fact]
    public void ToRgbIsPillowsForEveryHsv()
    {
        for (int h = 0; h < 256; h++)
            for (int s = 0; s < 256; s++)
                for (int v = 0; v < 256; v++)
                    if (Hsv.ToRgb((byte)h, (byte)s, (byte)v) != PillowHsvToRgb(h, s, v))
                        Assert.Fail($"hsv ({h}, {s}, {v}): {Hsv.ToRgb((byte)h, (byte)s, (byte)v)} against Pillow's {PillowHsvToRgb(h, s, v)}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(128)]
    [InlineData(255)]
    public void VectorHueRotationIsTheScalarOneForEveryColour(int shift)
    {
        // Every RGB colour once, plus a tail of 5 pixels that the vector loop leaves to the scalar one.
        var pixels = new byte[3 * ((1 << 24) + 5)];
        for (int c = 0; c < pixels.Length / 3; c++)
            (pixels[3 * c], pixels[3 * c + 1], pixels[3 * c + 2]) = ((byte)(c >> 16), (byte)(c >> 8), (byte)c);
        var rotated = (byte[])pixels.Clone();
        HsvVector.RotateHue(rotated, (byte)shift);
        for (int c = 0; c < pixels.Length / 3; c++)
        {
            var (h, s, v) = Hsv.FromRgb(pixels[3 * c], pixels[3 * c + 1], pixels[3 * c + 2]);
            var expected = Hsv.ToRgb(unchecked((byte)(h + shift)), s, v);
            if ((rotated[3 * c], rotated[3 * c + 1], rotated[3 * c + 2]) != expected)
                Assert.Fail($"rgb ({pixels[3 * c]}, {pixels[3 * c + 1]}, {pixels[3 * c + 2]}) shift {shift}: " +
                            $"({rotated[3 * c]}, {rotated[3 * c + 1]}, {rotated[3 * c + 2]}) against {expected}");
        }
    }

    // Convert.c rgb2hsv: float s and h with double constants, fmod, truncation to 8 bits.
    static (byte, byte, byte) PillowRgbToHsv(int r, int g, int b)
    {
        int max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
        if (max == min)
            return (0, 0, (byte)max);
        float cr = max - min;
        float s = cr / max;
        float rc = (max - r) / cr, gc = (max - g) / cr, bc = (max - b) / cr;
        float h = r == max ? bc - gc : g == max ? (float)(2.0 + rc - bc) : (float)(4.0 + gc - rc);
        h = (float)((h / 6.0 + 1.0) % 1.0);
        return (Clip((int)(h * 255.0)), Clip((int)(s * 255.0)), (byte)max);
    }

    // Convert.c hsv2rgb: sector and fraction in double, p / q / t rounded half away from zero.
    static (byte, byte, byte) PillowHsvToRgb(int h, int s, int v)
    {
        if (s == 0)
            return ((byte)v, (byte)v, (byte)v);
        int i = (int)Math.Floor(h * 6.0 / 255.0);
        float f = (float)(h * 6.0 / 255.0 - i);
        float fs = (float)(s / 255.0);
        byte p = Round(v * (1.0 - fs)), q = Round(v * (1.0 - fs * f)), t = Round(v * (1.0 - fs * (1.0 - f)));
        return (i % 6) switch
        {
            0 => ((byte)v, t, p),
            1 => (q, (byte)v, p),
            2 => (p, (byte)v, t),
            3 => (p, q, (byte)v),
            4 => (t, p, (byte)v),
            _ => ((byte)v, p, q),
        };
    }

    static byte Clip(int x) => (byte)Math.Clamp(x, 0, 255);

    static byte Round(double x) => Clip((int)Math.Round(x, MidpointRounding.AwayFromZero));
}
