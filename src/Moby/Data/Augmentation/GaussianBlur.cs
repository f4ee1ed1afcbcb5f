namespace Moby.Data;

/// <summary>
/// PIL's ImageFilter.GaussianBlur(radius = sigma), which the official MoBY code uses: three passes of an
/// "extended" box blur (fractional radius) per axis with edge pixels repeated, in 8-bit precision
/// between passes (Pillow's BoxBlur.c). Reproduced exactly rather than approximated by a Gaussian kernel.
/// </summary>
public static class GaussianBlur
{
    const int Passes = 3;

    public sealed class Scratch
    {
        public int[] Line = [];
        public int[] Next = [];
    }

    public static void Apply(ImageBuffer image, float sigma, Scratch scratch)
    {
        float radius = BoxRadius(sigma);
        if (radius == 0)
            return;
        int w = image.Width, h = image.Height, c = image.Channels;
        var box = new Box(radius);
        // Rows first, then columns, as Pillow; a line's three passes run back to back on an edge-padded copy.
        for (int y = 0; y < h; y++)
            for (int ch = 0; ch < c; ch++)
                BlurLine(image.Pixels, y * w * c + ch, c, w, box, scratch);
        for (int x = 0; x < w; x++)
            for (int ch = 0; ch < c; ch++)
                BlurLine(image.Pixels, x * c + ch, w * c, h, box, scratch);
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
    /// Three box passes over one channel of one line (<paramref name="n"/> values <paramref name="step"/> apart from
    /// <paramref name="start"/>), rounding to 8 bits after each pass; pixels outside repeat the edge.
    /// </summary>
    static void BlurLine(Span<byte> pixels, int start, int step, int n, Box box, Scratch scratch)
    {
        int r = box.Radius, pad = r + 1, padded = n + 2 * pad;
        if (scratch.Line.Length < padded)
        {
            scratch.Line = new int[padded];
            scratch.Next = new int[padded];
        }
        var line = scratch.Line.AsSpan(0, padded);
        var next = scratch.Next.AsSpan(0, padded);
        for (int x = 0; x < n; x++)
            line[pad + x] = pixels[start + x * step];
        for (int pass = 0; pass < Passes; pass++)
        {
            line[..pad].Fill(line[pad]);
            line[(pad + n)..].Fill(line[pad + n - 1]);
            BoxPass(line, next, n, pad, box);
            var t = line;
            line = next;
            next = t;
        }
        for (int x = 0; x < n; x++)
            pixels[start + x * step] = (byte)line[pad + x];
    }

    /// <summary>One pass of Pillow's ImagingLineBoxBlur: a running sum over [x-r, x+r] plus the weighted far taps.</summary>
    static void BoxPass(ReadOnlySpan<int> src, Span<int> dst, int n, int pad, Box box)
    {
        int r = box.Radius;
        // Window of the virtual pixel -1: [-r-1, r-1].
        uint acc = 0;
        for (int i = pad - r - 1; i < pad + r; i++)
            acc += (uint)src[i];
        for (int x = pad; x < pad + n; x++)
        {
            acc += (uint)(src[x + r] - src[x - r - 1]);
            uint bulk = acc * box.Whole + (uint)(src[x - r - 1] + src[x + r + 1]) * box.Edge;
            dst[x] = (int)((bulk + (1 << 23)) >> 24);
        }
    }
}
