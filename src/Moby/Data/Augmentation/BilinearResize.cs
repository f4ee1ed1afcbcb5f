using System.Numerics;

namespace Moby.Data;

/// <summary>
/// PIL's bilinear resampling of 8-bit images (Pillow's Resample.c): separable, antialiased when shrinking
/// (the triangle filter widens by the scale), 22-bit fixed-point weights, horizontal pass first into an 8-bit
/// intermediate. Reproducing it exactly is what lets crops match torchvision on PIL images bit for bit.
/// </summary>
internal static class BilinearResize
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

    /// <summary>PIL's <c>img.resize((width, height), BILINEAR)</c> of a whole image, into a new buffer.</summary>
    public static ImageBuffer Resize(ImageBuffer image, int width, int height)
    {
        var resized = new ImageBuffer();
        var source = new DecodedImage(image.Pixels.ToArray(), image.Width, image.Height, image.Channels);
        Resize(source, new CropBox(0, 0, image.Width, image.Height), resized, width, height, new Scratch());
        return resized;
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
        const int half = 1 << (PrecisionBits - 1);
        fixed (byte* s = src, d = dst)
        fixed (int* bounds = axis.Bounds, weights = axis.Weights)
        {
            for (int o = 0; o < outWidth; o++)
            {
                int count = bounds[2 * o + 1];
                int* k = weights + o * taps;
                byte* at = s + bounds[2 * o] * channels;
                byte* output = d + o * channels;
                if (channels == 3)
                {
                    // RGB: three independent sums in one sweep over the taps.
                    int r = half, g = half, b = half;
                    for (int t = 0; t < count; t++, at += 3)
                    {
                        r += at[0] * k[t];
                        g += at[1] * k[t];
                        b += at[2] * k[t];
                    }
                    (output[0], output[1], output[2]) = (Clip8(r), Clip8(g), Clip8(b));
                    continue;
                }
                for (int ch = 0; ch < channels; ch++)
                {
                    int sum = half;
                    for (int t = 0; t < count; t++)
                        sum += at[t * channels + ch] * k[t];
                    output[ch] = Clip8(sum);
                }
            }
        }
    }

    /// <summary>
    /// Vertical pass, accumulating whole rows (SIMD, widening bytes to ints) so memory is read in order;
    /// <paramref name="firstRow"/> is the source row that rows[0] holds.
    /// </summary>
    static unsafe void Vertical(ReadOnlySpan<byte> rows, int stride, Span<byte> dst, int outHeight, Axis axis, int firstRow,
        int[] sums)
    {
        int taps = axis.TapsPerOutput, lanes = Vector<byte>.Count, ints = Vector<int>.Count;
        int vectorEnd = stride - stride % lanes;
        fixed (int* bounds = axis.Bounds, weights = axis.Weights)
        {
            for (int o = 0; o < outHeight; o++)
            {
                int min = bounds[2 * o] - firstRow, count = bounds[2 * o + 1];
                int* k = weights + o * taps;
                var acc = sums.AsSpan(0, stride);
                acc.Fill(1 << (PrecisionBits - 1));
                for (int t = 0; t < count; t++)
                {
                    var row = rows.Slice((min + t) * stride, stride);
                    var weight = new Vector<int>(k[t]);
                    for (int x = 0; x < vectorEnd; x += lanes)
                    {
                        Vector.Widen(new Vector<byte>(row[x..]), out var lo, out var hi);
                        Vector.Widen(lo, out var q0, out var q1);
                        Vector.Widen(hi, out var q2, out var q3);
                        Accumulate(acc, x, Vector.AsVectorInt32(q0), weight);
                        Accumulate(acc, x + ints, Vector.AsVectorInt32(q1), weight);
                        Accumulate(acc, x + 2 * ints, Vector.AsVectorInt32(q2), weight);
                        Accumulate(acc, x + 3 * ints, Vector.AsVectorInt32(q3), weight);
                    }
                    for (int x = vectorEnd; x < stride; x++)
                        acc[x] += row[x] * k[t];
                }
                var outRow = dst.Slice(o * stride, stride);
                for (int x = 0; x < stride; x++)
                    outRow[x] = Clip8(acc[x]);
            }
        }
    }

    static void Accumulate(Span<int> acc, int at, Vector<int> values, Vector<int> weight) =>
        (new Vector<int>(acc[at..]) + values * weight).CopyTo(acc[at..]);

    static byte Clip8(int value) =>
        value >= (1 << PrecisionBits << 8) ? (byte)255 : value <= 0 ? (byte)0 : (byte)(value >> PrecisionBits);

    static void Grow(ref int[] array, int length)
    {
        if (array.Length < length)
            array = new int[length];
    }
}
