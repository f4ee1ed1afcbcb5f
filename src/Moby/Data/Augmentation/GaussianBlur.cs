using System.Numerics;
using System.Runtime.InteropServices;

namespace Moby.Data;

/// <summary>
/// PIL's ImageFilter.GaussianBlur(radius = sigma), which the official MoBY code uses: three passes of an
/// "extended" box blur (fractional radius) per axis with edge pixels repeated, in 8-bit precision
/// between passes (Pillow's BoxBlur.c). Reproduced exactly rather than approximated by a Gaussian kernel.
/// </summary>
internal static class GaussianBlur
{
    const int Passes = 3;

    public sealed class Scratch
    {
        public int[] Line = [];
        public int[] Next = [];
    }

    // Lines are blurred this many at a time, their values interleaved: the running sums of neighbouring lines
    // then sit side by side and advance together in SIMD registers.
    const int LinesPerStrip = 8;

    public static void Apply(ImageBuffer image, float sigma, Scratch scratch)
    {
        float radius = BoxRadius(sigma);
        if (radius == 0)
            return;
        int w = image.Width, h = image.Height, c = image.Channels, rowBytes = w * c;
        var box = new Box(radius);
        // Rows first, then columns, as Pillow; a line's three passes run back to back on an edge-padded copy.
        for (int y = 0; y < h; y += LinesPerStrip)
            BlurStrip(image.Pixels, new Strip(y * rowBytes, rowBytes, Math.Min(LinesPerStrip, h - y), c, w, c), box, scratch);
        for (int x = 0; x < w; x += LinesPerStrip)
            BlurStrip(image.Pixels, new Strip(x * c, c, Math.Min(LinesPerStrip, w - x), rowBytes, h, c), box, scratch);
    }

    /// <summary>
    /// <c>Lines</c> lines starting <c>LineOffset</c> bytes apart from <c>Start</c>; each has <c>Length</c> positions
    /// <c>Step</c> bytes apart, of <c>Channels</c> bytes.
    /// </summary>
    readonly record struct Strip(int Start, int LineOffset, int Lines, int Step, int Length, int Channels)
    {
        public int Lanes => Lines * Channels;
    }

    /// <summary>The box radius whose three passes have variance sigma^2 (Gwosdek et al. 2011), in float like Pillow.</summary>
    public static float BoxRadius(float sigma)
    {
        float sigma2 = sigma * sigma / Passes;
        float l0 = (float)Math.Sqrt(12.0 * sigma2 + 1.0);
        float l = (float)Math.Floor((l0 - 1.0) / 2.0);
        float a = (2 * l + 1) * (l * (l + 1) - 3 * sigma2);
        a /= 6 * (sigma2 - (l + 1) * (l + 1));
        return l + a;
    }

    /// <summary>Pillow's fixed-point box: whole taps weigh <c>Whole</c>, the two fractional end taps <c>Edge</c> (of 2^24).</summary>
    readonly struct Box
    {
        public readonly int Radius;
        public readonly uint Whole, Edge;

        public Box(float radius)
        {
            Radius = (int)radius;
            Whole = (uint)((1 << 24) / (radius * 2 + 1));
            Edge = ((1 << 24) - (uint)(Radius * 2 + 1) * Whole) / 2;
        }
    }

    /// <summary>
    /// Three box passes along a strip of lines, copied interleaved (all lanes of one position together) and
    /// edge-padded; 8-bit rounding after each pass as in Pillow.
    /// </summary>
    static void BlurStrip(Span<byte> pixels, Strip strip, Box box, Scratch scratch)
    {
        int lanes = strip.Lanes, n = strip.Length, pad = box.Radius + 1, padded = (n + 2 * pad) * lanes;
        if (scratch.Line.Length < padded)
        {
            scratch.Line = new int[padded];
            scratch.Next = new int[padded];
        }
        var line = scratch.Line.AsSpan(0, padded);
        var next = scratch.Next.AsSpan(0, padded);
        Copy(pixels, line[(pad * lanes)..], strip, toStrip: true);
        for (int pass = 0; pass < Passes; pass++)
        {
            for (int p = 0; p < pad; p++)
            {
                line.Slice(pad * lanes, lanes).CopyTo(line.Slice(p * lanes, lanes));
                line.Slice((pad + n - 1) * lanes, lanes).CopyTo(line.Slice((pad + n + p) * lanes, lanes));
            }
            BoxPass(line, next, n, pad, lanes, box);
            var t = line;
            line = next;
            next = t;
        }
        Copy(pixels, line[(pad * lanes)..], strip, toStrip: false);
    }

    static void Copy(Span<byte> pixels, Span<int> interleaved, Strip s, bool toStrip)
    {
        for (int x = 0; x < s.Length; x++)
        {
            for (int k = 0; k < s.Lines; k++)
            {
                var bytes = pixels.Slice(s.Start + k * s.LineOffset + x * s.Step, s.Channels);
                var ints = interleaved.Slice((x * s.Lines + k) * s.Channels, s.Channels);
                for (int ch = 0; ch < s.Channels; ch++)
                {
                    if (toStrip)
                        ints[ch] = bytes[ch];
                    else
                        bytes[ch] = (byte)ints[ch];
                }
            }
        }
    }

    /// <summary>One pass of Pillow's ImagingLineBoxBlur per lane: a running sum over [x-r, x+r] plus the weighted far taps.</summary>
    static void BoxPass(Span<int> src, Span<int> dst, int n, int pad, int lanes, Box box)
    {
        int r = box.Radius;
        var s = MemoryMarshal.Cast<int, uint>(src);
        var d = MemoryMarshal.Cast<int, uint>(dst);
        Span<uint> acc = stackalloc uint[lanes];
        // Window of the virtual pixel -1: [-r-1, r-1].
        acc.Clear();
        for (int i = pad - r - 1; i < pad + r; i++)
            for (int l = 0; l < lanes; l++)
                acc[l] += s[i * lanes + l];
        int vectorLanes = lanes - lanes % Vector<uint>.Count;
        var whole = new Vector<uint>(box.Whole);
        var edge = new Vector<uint>(box.Edge);
        var half = new Vector<uint>(1 << 23);
        for (int x = pad; x < pad + n; x++)
        {
            var far = s.Slice((x - r - 1) * lanes, lanes);
            var add = s.Slice((x + r) * lanes, lanes);
            var farRight = s.Slice((x + r + 1) * lanes, lanes);
            var output = d.Slice(x * lanes, lanes);
            for (int l = 0; l < vectorLanes; l += Vector<uint>.Count)
            {
                var f = new Vector<uint>(far[l..]);
                var a = new Vector<uint>(acc[l..]) + new Vector<uint>(add[l..]) - f;
                a.CopyTo(acc[l..]);
                var bulk = a * whole + (f + new Vector<uint>(farRight[l..])) * edge;
                Vector.ShiftRightLogical(bulk + half, 24).CopyTo(output[l..]);
            }
            for (int l = vectorLanes; l < lanes; l++)
            {
                acc[l] += add[l] - far[l];
                uint bulk = acc[l] * box.Whole + (far[l] + farRight[l]) * box.Edge;
                output[l] = (bulk + (1 << 23)) >> 24;
            }
        }
    }
}
