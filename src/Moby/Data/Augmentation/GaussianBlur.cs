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
        public readonly ImageBuffer Transposed = new();
        public byte[] Line = [];
    }

    public static void Apply(ImageBuffer image, float sigma, Scratch scratch)
    {
        float radius = BoxRadius(sigma);
        if (radius == 0)
            return;
        int c = image.Channels;
        BlurRows(image.Pixels, image.Width, image.Height, c, radius, scratch);
        var t = scratch.Transposed.Reset(image.Height, image.Width, c);
        Transpose(image.Pixels, t.Pixels, image.Width, image.Height, c);
        BlurRows(t.Pixels, t.Width, t.Height, c, radius, scratch);
        Transpose(t.Pixels, image.Pixels, t.Width, t.Height, c);
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

    static void BlurRows(Span<byte> pixels, int width, int height, int c, float radius, Scratch scratch)
    {
        int r = (int)radius;
        // Weight of each whole tap and of the two fractional end taps, 24-bit fixed point.
        uint ww = (uint)((1 << 24) / (radius * 2 + 1));
        uint fw = ((1 << 24) - (uint)(r * 2 + 1) * ww) / 2;
        if (scratch.Line.Length < width * c)
            scratch.Line = new byte[width * c];
        var line = scratch.Line.AsSpan(0, width * c);
        for (int y = 0; y < height; y++)
        {
            var row = pixels.Slice(y * width * c, width * c);
            for (int pass = 0; pass < Passes; pass++)
            {
                for (int ch = 0; ch < c; ch++)
                    BlurLine(row[ch..], line[ch..], width, c, r, ww, fw);
                line.CopyTo(row);
            }
        }
    }

    /// <summary>One channel of one line (values <paramref name="step"/> apart); pixels outside repeat the edge.</summary>
    static void BlurLine(ReadOnlySpan<byte> src, Span<byte> dst, int n, int step, int r, uint ww, uint fw)
    {
        int last = n - 1;
        // Sum for the (virtual) pixel -1: the window [-r-1, r-1] with edges clamped.
        uint acc = src[0] * (uint)(r + 1);
        for (int x = 0; x < r; x++)
            acc += At(src, x, last, step);
        for (int x = 0; x < n; x++)
        {
            acc += At(src, x + r, last, step) - At(src, x - r - 1, last, step);
            uint bulk = acc * ww + (At(src, x - r - 1, last, step) + At(src, x + r + 1, last, step)) * fw;
            dst[x * step] = (byte)((bulk + (1 << 23)) >> 24);
        }
    }

    static uint At(ReadOnlySpan<byte> src, int x, int last, int step) => src[Math.Clamp(x, 0, last) * step];

    static void Transpose(ReadOnlySpan<byte> src, Span<byte> dst, int width, int height, int c)
    {
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                src.Slice((y * width + x) * c, c).CopyTo(dst.Slice((x * height + y) * c, c));
    }
}
