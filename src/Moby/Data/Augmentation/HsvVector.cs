using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Moby.Data;

/// <summary>
/// <see cref="Hsv"/>'s round trip eight pixels at a time: the same float and double operations in the same order, each
/// branch computed for all lanes and the right one selected, so the result is Pillow's bit for bit. Photos' hues make
/// the scalar version's branches unpredictable; here there are none.
/// </summary>
internal static class HsvVector
{
    /// <summary>Rotates the hue of interleaved RGB pixels by <paramref name="shift"/> of 256 steps (Pillow's 8-bit HSV).</summary>
    public static void RotateHue(Span<byte> rgb, byte shift) => RgbLanes.Apply(rgb, new HueRotation(shift));

    readonly struct HueRotation(byte shift) : IRgbMap
    {
        public (Vector256<int> R, Vector256<int> G, Vector256<int> B) Map(Vector256<int> r, Vector256<int> g, Vector256<int> b)
        {
            var (h, s, v) = FromRgb(r, g, b);
            return ToRgb((h + Vector256.Create((int)shift)) & Vector256.Create(255), s, v);
        }

        public (byte R, byte G, byte B) Map(byte r, byte g, byte b)
        {
            var (h, s, v) = Hsv.FromRgb(r, g, b);
            return Hsv.ToRgb(unchecked((byte)(h + shift)), s, v);
        }
    }

    static (Vector256<int> H, Vector256<int> S, Vector256<int> V) FromRgb(Vector256<int> r, Vector256<int> g, Vector256<int> b)
    {
        var max = Vector256.Max(r, Vector256.Max(g, b));
        var min = Vector256.Min(r, Vector256.Min(g, b));
        var cr = Vector256.ConvertToSingle(max - min);
        // Gray lanes (cr = 0) divide by zero below; their hue and saturation are replaced by 0 at the end.
        var s = cr / Vector256.ConvertToSingle(max);
        var rc = Vector256.ConvertToSingle(max - r) / cr;
        var gc = Vector256.ConvertToSingle(max - g) / cr;
        var bc = Vector256.ConvertToSingle(max - b) / cr;
        var byRed = bc - gc;
        var byGreen = ToSingle(Minus(Plus(2.0, rc), bc));
        var byBlue = ToSingle(Minus(Plus(4.0, gc), rc));
        var h = Vector256.ConditionalSelect(Vector256.Equals(r, max).AsSingle(), byRed,
            Vector256.ConditionalSelect(Vector256.Equals(g, max).AsSingle(), byGreen, byBlue));
        // fmod(h / 6.0 + 1.0, 1.0) on (0, 2).
        var (lo, hi) = (Vector256.WidenLower(h) / 6.0 + Vector256<double>.One, Vector256.WidenUpper(h) / 6.0 + Vector256<double>.One);
        h = ToSingle((WrapTurn(lo), WrapTurn(hi)));
        var gray = Vector256.Equals(max, min);
        var hue = Vector256.AndNot(Truncate(Times(h, 255.0)), gray);
        var saturation = Vector256.AndNot(Truncate(Times(s, 255.0)), gray);
        return (Vector256.Min(hue, Vector256.Create(255)), Vector256.Min(saturation, Vector256.Create(255)), max);
    }

    static (Vector256<int> R, Vector256<int> G, Vector256<int> B) ToRgb(Vector256<int> h, Vector256<int> s, Vector256<int> v)
    {
        var x = Scale(Vector256.ConvertToSingle(h), 6.0, 255.0); // h * 6.0 / 255.0; h is exact as a float
        var sector = Truncate(x);
        var f = ToSingle(Minus(x, Vector256.ConvertToSingle(sector)));
        var fs = ToSingle(Scale(Vector256.ConvertToSingle(s), 1.0, 255.0)); // s * 1.0 is s
        var value = Vector256.ConvertToSingle(v);
        var p = RoundHalfUp(Times(value, OneMinus(fs)));
        var q = RoundHalfUp(Times(value, OneMinus(fs * f)));
        var t = RoundHalfUp(Times(value, OneMinus(fs, f)));
        var (red, green, blue) = (Pick(sector, v, q, p, p, t, v), Pick(sector, t, v, v, q, p, p), Pick(sector, p, p, t, v, v, q));
        var gray = Vector256.Equals(s, Vector256<int>.Zero);
        return (Vector256.ConditionalSelect(gray, v, red), Vector256.ConditionalSelect(gray, v, green), Vector256.ConditionalSelect(gray, v, blue));
    }

    /// <summary>The value for sectors 0 to 5 (6, the hue 255, is sector 0).</summary>
    static Vector256<int> Pick(Vector256<int> sector, Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3,
                               Vector256<int> s4, Vector256<int> s5)
    {
        var result = s0;
        ReadOnlySpan<Vector256<int>> rest = [s1, s2, s3, s4, s5];
        for (int i = 0; i < rest.Length; i++)
            result = Vector256.ConditionalSelect(Vector256.Equals(sector, Vector256.Create(i + 1)), rest[i], result);
        return result;
    }

    // Pairs of four-lane doubles standing for eight lanes.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) Wide(Vector256<float> x) => (Vector256.WidenLower(x), Vector256.WidenUpper(x));

    /// <summary>x * a / b in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) Scale(Vector256<float> x, double a, double b) =>
        (Vector256.WidenLower(x) * a / b, Vector256.WidenUpper(x) * a / b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) Plus(double a, Vector256<float> x) =>
        (Vector256.Create(a) + Vector256.WidenLower(x), Vector256.Create(a) + Vector256.WidenUpper(x));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) Minus((Vector256<double> Lo, Vector256<double> Hi) x, Vector256<float> y) =>
        (x.Lo - Vector256.WidenLower(y), x.Hi - Vector256.WidenUpper(y));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) Times((Vector256<double> Lo, Vector256<double> Hi) x, double a) =>
        (x.Lo * a, x.Hi * a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) Times(Vector256<float> x, double a) => Times(Wide(x), a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) Times(Vector256<float> x, (Vector256<double> Lo, Vector256<double> Hi) y) =>
        (Vector256.WidenLower(x) * y.Lo, Vector256.WidenUpper(x) * y.Hi);

    /// <summary>1.0 - x in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) OneMinus(Vector256<float> x) =>
        (Vector256<double>.One - Vector256.WidenLower(x), Vector256<double>.One - Vector256.WidenUpper(x));

    /// <summary>1.0 - x * (1.0 - y) in double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static (Vector256<double>, Vector256<double>) OneMinus(Vector256<float> x, Vector256<float> y)
    {
        var (ylo, yhi) = OneMinus(y);
        return (Vector256<double>.One - Vector256.WidenLower(x) * ylo, Vector256<double>.One - Vector256.WidenUpper(x) * yhi);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> WrapTurn(Vector256<double> turn) =>
        Vector256.ConditionalSelect(Vector256.GreaterThanOrEqual(turn, Vector256<double>.One), turn - Vector256<double>.One, turn);

    /// <summary>Rounds to float as a C# cast does (to nearest).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> ToSingle((Vector256<double> Lo, Vector256<double> Hi) x) => Vector256.Narrow(x.Lo, x.Hi);

    /// <summary>(int) of values in [0, 2^24): toward zero, through float where such integers are exact.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Truncate((Vector256<double> Lo, Vector256<double> Hi) x) =>
        Vector256.ConvertToInt32(ToSingle((Vector256.Floor(x.Lo), Vector256.Floor(x.Hi))));

    /// <summary>C's round() of values in [0, 255]: halves away from zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> RoundHalfUp((Vector256<double> Lo, Vector256<double> Hi) x) =>
        Truncate((HalfUp(x.Lo), HalfUp(x.Hi)));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> HalfUp(Vector256<double> x)
    {
        var whole = Vector256.Floor(x);
        var up = Vector256.GreaterThanOrEqual(x - whole, Vector256.Create(0.5));
        return Vector256.ConditionalSelect(up, whole + Vector256<double>.One, whole);
    }
}
