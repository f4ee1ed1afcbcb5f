using System.Runtime.InteropServices;
using System.Text;

namespace Moby.Data.Segmentation;

/// <summary>
/// COCO's run-length encoding of a binary mask, as pycocotools writes it (mask.encode) and reads it: run lengths over
/// the pixels in column-major order, starting with a run of zeros (possibly empty). The compressed string form stores,
/// from the third run on, each run as its difference to the run two before; each number in 5-bit groups, least
/// significant first, with a continuation bit (0x20) and the sign in the last group's 0x10, every group offset by 48
/// into printable ASCII (pycocotools' rleToString / rleFrString).
/// </summary>
internal static class MaskRle
{
    /// <param name="mask">Row-major, true = inside.</param>
    public static string Encode(ReadOnlySpan<bool> mask, int width, int height) => Compress(Runs(MemoryMarshal.AsBytes(mask), width, height));

    /// <summary>The column-major runs of a row-major mask (non-zero = inside), the first one of zeros.</summary>
    public static List<long> Runs(ReadOnlySpan<byte> mask, int width, int height)
    {
        var counts = new List<long>();
        bool current = false;
        long run = 0;
        for (int x = 0; x < width; x++)
            for (int y = 0; y < height; y++)
            {
                if (mask[y * width + x] != 0 != current)
                {
                    counts.Add(run);
                    (run, current) = (0, !current);
                }
                run++;
            }
        counts.Add(run);
        return counts;
    }

    /// <summary>The compressed string of run lengths (pycocotools' rleToString).</summary>
    public static string Compress(IReadOnlyList<long> counts)
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

    /// <summary>The run lengths of a compressed string (pycocotools' rleFrString); a malformed string gives a <see cref="FormatException"/>.
    /// At most one run per character, so the string's length bounds what it costs.</summary>
    public static List<long> Counts(string compressed) => Counts(Encoding.Latin1.GetBytes(compressed));

    /// <inheritdoc cref="Counts(string)"/>
    public static List<long> Counts(ReadOnlySpan<byte> compressed)
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
                // Twelve groups carry 60 bits, more than any run of an image within the pixel limit.
                if (p >= compressed.Length || k == 12) throw new FormatException("an RLE number runs past the end of the string or beyond 60 bits");
                long c = compressed[p++] - 48;
                if (c is < 0 or > 63) throw new FormatException($"'{Interop.ShownNames.One(((char)compressed[p - 1]).ToString())}' is not an RLE character"); // escaped: any byte may be there
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
