namespace Moby.Data;

/// <summary>
/// Pillow's 8-bit RGB &lt;-&gt; HSV conversions (Convert.c rgb2hsv / hsv2rgb), with their float/double mix kept:
/// the hue is quantised to 8 bits, so a rounding difference here would move colours by several levels.
/// </summary>
internal static class Hsv
{
    public static (byte H, byte S, byte V) FromRgb(byte r, byte g, byte b)
    {
        byte max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
        if (max == min)
            return (0, 0, max);
        float cr = max - min;
        float s = cr / max;
        // Only the two terms of the chosen branch are computed; each division is Pillow's own.
        float h = r == max ? (max - b) / cr - (max - g) / cr
            : g == max ? (float)(2.0 + (max - r) / cr - (max - b) / cr)
            : (float)(4.0 + (max - g) / cr - (max - r) / cr);
        h = (float)((h / 6.0 + 1.0) % 1.0);
        return (Clip8((int)(h * 255.0)), Clip8((int)(s * 255.0)), max);
    }

    public static void ToRgb(byte h, byte s, byte v, Span<byte> rgb)
    {
        if (s == 0)
        {
            rgb[0] = rgb[1] = rgb[2] = v;
            return;
        }
        int i = (int)(h * 6.0 / 255.0); // floor: the value is not negative
        float f = (float)(h * 6.0 / 255.0 - i);
        float fs = (float)(s / 255.0);
        byte p = Round(v * (1.0 - fs));
        // Odd sectors fall (q), even ones rise (t); each needs only one of the two.
        byte qt = (i & 1) == 1 ? Round(v * (1.0 - fs * f)) : Round(v * (1.0 - fs * (1.0 - f)));
        (rgb[0], rgb[1], rgb[2]) = (i % 6) switch
        {
            0 => (v, qt, p),
            1 => (qt, v, p),
            2 => (p, v, qt),
            3 => (p, qt, v),
            4 => (qt, p, v),
            _ => (v, p, qt),
        };
    }

    static byte Clip8(int x) => (byte)Math.Clamp(x, 0, 255);

    // C's round(): halves away from zero.
    static byte Round(double x) => Clip8((int)Math.Round(x, MidpointRounding.AwayFromZero));
}
