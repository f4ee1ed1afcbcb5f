using Moby.Data.Segmentation;

namespace Moby.Data.Detection;

/// <summary>
/// A binary mask of <see cref="Height"/> x <see cref="Width"/> pixels as COCO's runs (<see cref="MaskRle"/>): column-major,
/// alternating zeros and ones, starting with zeros. Built only through the factories, which check what a file may get
/// wrong: a negative run, or runs summing beyond the image (pycocotools would write past its buffer); runs ending
/// early leave the rest background, so <see cref="Counts"/> always covers every pixel.
/// </summary>
internal sealed class RleMask
{
    private RleMask(int height, int width, int[] counts) => (Height, Width, Counts) = (height, width, counts);

    public int Height { get; }
    public int Width { get; }

    /// <summary>The runs; they sum to Height x Width.</summary>
    public int[] Counts { get; }

    /// <summary>Pixels inside the mask (pycocotools' area).</summary>
    public long Area
    {
        get
        {
            long area = 0;
            for (int i = 1; i < Counts.Length; i += 2) area += Counts[i];
            return area;
        }
    }

    /// <summary>Runs as given (uncompressed RLE, or decoded from the string form); a <see cref="FormatException"/> says what is wrong.</summary>
    public static RleMask FromCounts(IReadOnlyList<long> counts, int height, int width)
    {
        long pixels = (long)height * width, total = 0;
        var runs = new List<int>(counts.Count + 1);
        foreach (long c in counts)
        {
            if (c < 0) throw new FormatException($"run {runs.Count} has the negative length {c}");
            total += c;
            if (total > pixels) throw new FormatException($"the runs cover more than the {height} x {width} = {pixels} pixels of the mask");
            runs.Add((int)c);
        }
        if (total < pixels)
        {
            if (runs.Count % 2 == 1) runs[^1] += (int)(pixels - total);
            else runs.Add((int)(pixels - total));
        }
        return new RleMask(height, width, [.. runs]);
    }

    /// <summary>pycocotools' compressed string form.</summary>
    public static RleMask FromString(ReadOnlySpan<byte> compressed, int height, int width) => FromCounts(MaskRle.Counts(compressed), height, width);

    /// <param name="mask">Row-major, non-zero = inside.</param>
    public static RleMask Encode(ReadOnlySpan<byte> mask, int width, int height)
    {
        if (mask.Length != width * height) throw new ArgumentException($"{mask.Length} mask bytes for {width} x {height}", nameof(mask));
        return FromCounts(MaskRle.Runs(mask, width, height), height, width);
    }

    /// <summary>The compressed string, as pycocotools' mask.encode writes it.</summary>
    public string Compress() => MaskRle.Compress(Counts.Select(c => (long)c).ToArray());

    /// <summary>Writes the mask row-major into <paramref name="mask"/> (1 inside, 0 outside).</summary>
    public void Decode(Span<byte> mask)
    {
        mask[..(Width * Height)].Clear();
        long at = 0;
        for (int i = 0; i < Counts.Length; at += Counts[i], i++)
        {
            if (i % 2 == 0) continue;
            for (long p = at; p < at + Counts[i]; p++) mask[(int)(p % Height) * Width + (int)(p / Height)] = 1;
        }
    }

    public byte[] Decode()
    {
        var mask = new byte[Width * Height];
        Decode(mask);
        return mask;
    }

    /// <summary>The pixels inside any of <paramref name="parts"/> (pycocotools' merge, as it joins the polygons of one object).</summary>
    public static RleMask Union(IReadOnlyList<RleMask> parts, int height, int width)
    {
        var merged = FromCounts([(long)height * width], height, width);
        foreach (var part in parts) merged = Union(merged, part);
        return merged;
    }

    private static RleMask Union(RleMask a, RleMask b)
    {
        var runs = new List<long>();
        bool inside = false;
        long run = 0;
        foreach (var (length, inA, inB) in Segments(a, b))
        {
            if ((inA || inB) != inside)
            {
                runs.Add(run);
                (run, inside) = (0, !inside);
            }
            run += length;
        }
        runs.Add(run);
        return FromCounts(runs, a.Height, a.Width);
    }

    /// <summary>Pixels in both masks and in either (the walk of pycocotools' rleIou).</summary>
    public static (long Intersection, long Union) Overlap(RleMask a, RleMask b)
    {
        long intersection = 0, union = 0;
        foreach (var (length, inA, inB) in Segments(a, b))
        {
            if (inA || inB) union += length;
            if (inA && inB) intersection += length;
        }
        return (intersection, union);
    }

    /// <summary>The stretches of pixels over which neither mask changes, with whether each covers them.</summary>
    private static IEnumerable<(long Length, bool InA, bool InB)> Segments(RleMask a, RleMask b)
    {
        if (a.Height != b.Height || a.Width != b.Width)
            throw new ArgumentException($"masks of {a.Height} x {a.Width} and {b.Height} x {b.Width} pixels");
        int i = 0, j = 0;
        long leftA = a.Counts[0], leftB = b.Counts[0];
        while (true)
        {
            // Skip exhausted (or empty) runs, each one flipping its mask's state.
            while (leftA == 0 && ++i < a.Counts.Length) leftA = a.Counts[i];
            while (leftB == 0 && ++j < b.Counts.Length) leftB = b.Counts[j];
            if (i >= a.Counts.Length || j >= b.Counts.Length) yield break;
            long step = Math.Min(leftA, leftB);
            yield return (step, i % 2 == 1, j % 2 == 1);
            leftA -= step;
            leftB -= step;
        }
    }
}
