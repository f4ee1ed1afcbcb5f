namespace Moby.Data;

/// <summary>
/// Reduces a decoded RGBA image by averaging each block of <c>factor</c> x <c>factor</c> pixels, for codecs that cannot
/// decode scaled (all but JPEG): an 88-megapixel PNG reduced for a 32 px model ends as 128 x 128 pixels, and its
/// full-size RGB copy (265 MB) is never made. Blocks at the right and bottom edges may be partial; each is the mean of
/// the pixels it has.
/// </summary>
internal static class BlockAverage
{
    /// <returns>The reduced RGB image.</returns>
    public static DecodedImage Reduce(ReadOnlySpan<byte> rgba, int width, int height, int factor)
    {
        var image = new Reduced(width, height, factor);
        for (int y = 0; y < height; y++)
            image.Add(rgba.Slice(4 * width * y, 4 * width), y);
        return image.Finish();
    }

    /// <summary>The output being built: the sums of the block row that rows are arriving for, in order.</summary>
    private sealed class Reduced
    {
        readonly int width, factor, outWidth, outHeight;
        readonly byte[] rgb;
        readonly long[] sums;
        int block = -1, rows;

        /// <remarks>The caller checked that the full-size image fits one buffer, so the reduced one does.</remarks>
        public Reduced(int width, int height, int factor)
        {
            (this.width, this.factor) = (width, factor);
            (outWidth, outHeight) = ((width + factor - 1) / factor, (height + factor - 1) / factor);
            rgb = new byte[outWidth * outHeight * 3];
            sums = new long[outWidth * 3];
        }

        public void Add(ReadOnlySpan<byte> rgba, int y)
        {
            if (y / factor != block)
            {
                Flush();
                block = y / factor;
            }
            for (int cell = 0, x = 0; cell < outWidth; cell++)
            {
                long r = 0, g = 0, b = 0;
                for (int end = Math.Min(width, x + factor); x < end; x++)
                {
                    r += rgba[4 * x];
                    g += rgba[4 * x + 1];
                    b += rgba[4 * x + 2];
                }
                sums[3 * cell] += r;
                sums[3 * cell + 1] += g;
                sums[3 * cell + 2] += b;
            }
            rows++;
        }

        public DecodedImage Finish()
        {
            Flush();
            return DecodedImage.Create(rgb, outWidth, outHeight, 3);
        }

        void Flush()
        {
            if (block >= 0)
            {
                var output = rgb.AsSpan(block * outWidth * 3, outWidth * 3);
                for (int cell = 0; cell < outWidth; cell++)
                {
                    long count = (long)rows * Math.Min(factor, width - cell * factor);
                    for (int c = 0; c < 3; c++)
                        output[3 * cell + c] = (byte)((sums[3 * cell + c] + count / 2) / count);
                }
            }
            Array.Clear(sums);
            rows = 0;
        }
    }
}
