using System.Runtime.CompilerServices;

namespace Moby.Data;

/// <summary>
/// Pillow's 8-bit RGB &lt;-&gt; HSV conversions (Convert.c rgb2hsv / hsv2rgb), with their float/double mix kept:
/// the hue is quantised to 8 bits, so a rounding difference here would move colours by several levels. The per-pixel
/// work is Pillow's arithmetic, with what depends on one byte alone (sector, fraction, saturation) read from tables
/// filled by that same arithmetic, so the results stay bit for bit Pillow's (a test compares every input).
/// </summary>
internal static class Hsv
{
    // h * 6.0 / 255.0 split into its sector (floor) and the float fraction, per hue byte.
    static readonly byte[] Sector = new byte[256];
    static readonly float[] Fraction = new float[256];
    // (float)(s / 255.0) per saturation byte.
    static readonly float[] Saturation = new float[256];

    static Hsv()
    {
        for (int x = 0; x < 256; x++)
        {
            int i = (int)(x * 6.0 / 255.0);
            Sector[x] = (byte)i;
            Fraction[x] = (float)(x * 6.0 / 255.0 - i);
            Saturation[x] = (float)(x / 255.0);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
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
        // fmod(h / 6.0 + 1.0, 1.0): the sum lies in (0, 2), where subtracting 1 is exact.
        double turn = h / 6.0 + 1.0;
        h = (float)(turn >= 1.0 ? turn - 1.0 : turn);
        return (Clip8((int)(h * 255.0)), Clip8((int)(s * 255.0)), max);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (byte R, byte G, byte B) ToRgb(byte h, byte s, byte v)
    {
        if (s == 0)
            return (v, v, v);
        int i = Sector[h];
        float f = Fraction[h];
        float fs = Saturation[s];
        byte p = Round(v * (1.0 - fs));
        // Odd sectors fall (q), even ones rise (t); each needs only one of the two.
        byte qt = (i & 1) == 1 ? Round(v * (1.0 - fs * f)) : Round(v * (1.0 - fs * (1.0 - f)));
        return i switch
        {
            0 or 6 => (v, qt, p),
            1 => (qt, v, p),
            2 => (p, v, qt),
            3 => (p, qt, v),
            4 => (qt, p, v),
            _ => (v, p, qt),
        };
    }

    static byte Clip8(int x) => (byte)Math.Clamp(x, 0, 255);

    // C's round() of a value in [0, 255]: halves away from zero. x - (int)x is exact there.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static byte Round(double x)
    {
        int whole = (int)x;
        return (byte)(x - whole >= 0.5 ? whole + 1 : whole);
    }
}
