namespace Moby.Data;

/// <summary>
/// PIL's bilinear resampling of 8-bit images (Pillow's Resample.c): separable, antialiased when shrinking
/// (the triangle filter widens by the scale), 22-bit fixed-point weights, horizontal pass first into an 8-bit
/// intermediate. Reproducing it exactly is what lets crops match torchvision on PIL images bit for bit.
/// </summary>
public static class BilinearResize
{
    const int PrecisionBits = 32 - 8 - 2;

    /// <summary>Weights for one axis: for output i, taps start at Bounds[2i] and number Bounds[2i+1].</summary>
    public sealed class Axis
    {
        public int[] Bounds = [];
        public int[] Weights = [];
        public int TapsPerOutput;

        public void Compute(int inSize, int outSize)
        {
            double scale = (double)inSize / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = filterScale; // bilinear support 1, widened when shrinking
            TapsPerOutput = (int)Math.Ceiling(support) * 2 + 1;
            Grow(ref Bounds, outSize * 2);
            Grow(ref Weights, outSize * TapsPerOutput);
            Span<double> w = stackalloc double[TapsPerOutput];
            for (int o = 0; o < outSize; o++)
            {
                double center = (o + 0.5) * scale;
                int min = Math.Max((int)(center - support + 0.5), 0);
                int count = Math.Min((int)(center + support + 0.5), inSize) - min;
                double total = 0;
                for (int t = 0; t < count; t++)
                    total += w[t] = Triangle((t + min - center + 0.5) / filterScale);
                var k = Weights.AsSpan(o * TapsPerOutput, TapsPerOutput);
                k.Clear();
                for (int t = 0; t < count; t++)
                    k[t] = ToFixed(total != 0 ? w[t] / total : w[t]);
                Bounds[2 * o] = min;
                Bounds[2 * o + 1] = count;
            }
        }

        static double Triangle(double x) => Math.Abs(x) < 1.0 ? 1.0 - Math.Abs(x) : 0.0;

        static int ToFixed(double k) => (int)(k < 0 ? -0.5 + k * (1 << PrecisionBits) : 0.5 + k * (1 << PrecisionBits));
    }

    /// <summary>Scratch state for one thread.</summary>
    public sealed class Scratch
    {
        public readonly Axis Horizontal = new();
        public readonly Axis Vertical = new();
        public readonly ImageBuffer Rows = new();
        public int[] Sums = [];
    }

    /// <summary>PIL's <c>img.crop(box).resize((outWidth, outHeight), BILINEAR)</c> of an HWC image.</summary>
    public static void Resize(DecodedImage src, CropBox box, ImageBuffer dst, int outWidth, int outHeight, Scratch scratch)
    {
        int c = src.Channels;
        dst.Reset(outWidth, outHeight, c);
        scratch.Horizontal.Compute(box.Width, outWidth);
        scratch.Vertical.Compute(box.Height, outHeight);
        var vertical = scratch.Vertical;
        // Only the source rows that some output row reads go through the horizontal pass.
        int firstRow = vertical.Bounds[0];
        int lastRow = vertical.Bounds[2 * outHeight - 2] + vertical.Bounds[2 * outHeight - 1];
        var rows = scratch.Rows.Reset(outWidth, lastRow - firstRow, c);
        var pixels = src.Pixels.Span;
        int srcStride = src.Width * c;
        for (int y = firstRow; y < lastRow; y++)
        {
            var line = pixels.Slice((box.Top + y) * srcStride + box.Left * c, box.Width * c);
            var outLine = rows.Pixels.Slice((y - firstRow) * outWidth * c, outWidth * c);
            if (box.Width == outWidth)
                line.CopyTo(outLine);
            else
                Horizontal(line, outLine, outWidth, c, scratch.Horizontal);
        }
        Grow(ref scratch.Sums, outWidth * c);
        Vertical(rows.Pixels, outWidth * c, dst.Pixels, outHeight, vertical, firstRow, scratch.Sums);
    }

    /// <summary>Horizontal pass over one row: the taps of all interleaved channels advance together.</summary>
    static unsafe void Horizontal(ReadOnlySpan<byte> src, Span<byte> dst, int outWidth, int channels, Axis axis)
    {
        int taps = axis.TapsPerOutput;
        fixed (byte* s = src, d = dst)
        fixed (int* bounds = axis.Bounds, weights = axis.Weights)
        {
            for (int o = 0; o < outWidth; o++)
            {
                int count = bounds[2 * o + 1];
                int* k = weights + o * taps;
                byte* first = s + bounds[2 * o] * channels;
                for (int ch = 0; ch < channels; ch++)
                {
                    int sum = 1 << (PrecisionBits - 1);
                    byte* at = first + ch;
                    for (int t = 0; t < count; t++, at += channels)
                        sum += *at * k[t];
                    d[o * channels + ch] = Clip8(sum);
                }
            }
        }
    }

    /// <summary>
    /// Vertical pass, accumulating whole rows so memory is read in order; <paramref name="firstRow"/> is the source
    /// row that rows[0] holds.
    /// </summary>
    static unsafe void Vertical(ReadOnlySpan<byte> rows, int stride, Span<byte> dst, int outHeight, Axis axis, int firstRow,
        int[] sums)
    {
        int taps = axis.TapsPerOutput;
        fixed (byte* src = rows, d = dst)
        fixed (int* acc = sums, bounds = axis.Bounds, weights = axis.Weights)
        {
            for (int o = 0; o < outHeight; o++)
            {
                int min = bounds[2 * o] - firstRow, count = bounds[2 * o + 1];
                int* k = weights + o * taps;
                new Span<int>(acc, stride).Fill(1 << (PrecisionBits - 1));
                for (int t = 0; t < count; t++)
                {
                    byte* row = src + (min + t) * stride;
                    int weight = k[t];
                    for (int x = 0; x < stride; x++)
                        acc[x] += row[x] * weight;
                }
                byte* outRow = d + o * stride;
                for (int x = 0; x < stride; x++)
                    outRow[x] = Clip8(acc[x]);
            }
        }
    }

    static byte Clip8(int value) =>
        value >= (1 << PrecisionBits << 8) ? (byte)255 : value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);

    static void Grow(ref int[] array, int length)
    {
        if (array.Length < length)
            array = new int[length];
    }
}
