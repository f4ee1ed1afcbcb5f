using System.Text;

namespace Moby.Data.Segmentation;

/// <summary>
/// COCO's compressed run-length encoding of a binary mask, as pycocotools writes it (mask.encode) and reads it: run
/// lengths over the pixels in column-major order, starting with a run of zeros (possibly empty); from the third run on,
/// each is stored as its difference to the run two before; each number in 5-bit groups, least significant first, with a
/// continuation bit (0x20) and the sign in the last group's 0x10, every group offset by 48 into printable ASCII.
/// </summary>
internal static class MaskRle
{
    /// <param name="mask">Row-major, non-zero = inside.</param>
    public static string Encode(ReadOnlySpan<bool> mask, int width, int height)
    {
        var counts = new List<long>();
        bool current = false;
        long run = 0;
        for (int x = 0; x < width; x++)
            for (int y = 0; y < height; y++)
            {
                if (mask[y * width + x] != current)
                {
                    counts.Add(run);
                    (run, current) = (0, !current);
                }
                run++;
            }
        counts.Add(run);
        return Compress(counts);
    }

    private static string Compress(List<long> counts)
    {
        var text = new StringBuilder();
        for (int i = 0; i < counts.Count; i++)
        {
            long x = i > 2 ? counts[i] - counts[i - 2] : counts[i];
            bool more = true;
            while (more)
            {
                long c = x & 0x1f;
                x >>= 5;
                more = (c & 0x10) != 0 ? x != -1 : x != 0;
                if (more) c |= 0x20;
                text.Append((char)(c + 48));
            }
        }
        return text.ToString();
    }

    /// <summary>The run lengths of a compressed string (pycocotools' rleFrString); a malformed string gives a <see cref="FormatException"/>.</summary>
    public static List<long> Counts(string compressed)
    {
        var counts = new List<long>();
        int p = 0;
        while (p < compressed.Length)
        {
            long x = 0;
            int k = 0;
            bool more = true;
            while (more)
            {
                if (p >= compressed.Length || k > 12) throw new FormatException("an RLE number runs past the end of the string or beyond 64 bits");
                long c = compressed[p++] - 48;
                if (c is < 0 or > 63) throw new FormatException($"'{compressed[p - 1]}' is not an RLE character");
                x |= (c & 0x1f) << (5 * k++);
                more = (c & 0x20) != 0;
                if (!more && (c & 0x10) != 0) x |= -1L << (5 * k);
            }
            if (counts.Count > 2) x += counts[^2];
            counts.Add(x);
        }
        return counts;
    }
}
