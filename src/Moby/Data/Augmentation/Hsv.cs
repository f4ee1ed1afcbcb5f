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
        float rc = (max - r) / cr, gc = (max - g) / cr, bc = (max - b) / cr;
        float h = r == max ? bc - gc : g == max ? (float)(2.0 + rc - bc) : (float)(4.0 + gc - rc);
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
        int i = (int)Math.Floor(h * 6.0 / 255.0);
        float f = (float)(h * 6.0 / 255.0 - i);
        float fs = (float)(s / 255.0);
        byte p = Clip8((int)Math.Round(v * (1.0 - fs), MidpointRounding.AwayFromZero));
        byte q = Clip8((int)Math.Round(v * (1.0 - fs * f), MidpointRounding.AwayFromZero));
        byte t = Clip8((int)Math.Round(v * (1.0 - fs * (1.0 - f)), MidpointRounding.AwayFromZero));
        (rgb[0], rgb[1], rgb[2]) = (i % 6) switch
        {
            0 => (v, t, p),
            1 => (q, v, p),
            2 => (p, v, t),
            3 => (p, q, v),
            4 => (t, p, v),
            _ => (v, p, q),
        };
    }

    static byte Clip8(int x) => (byte)Math.Clamp(x, 0, 255);
}
