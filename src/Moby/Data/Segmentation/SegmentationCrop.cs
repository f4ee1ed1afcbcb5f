namespace Moby.Data.Segmentation;

/// <summary>
/// mmseg's RandomCrop: a box of the crop size at a uniform offset (clipped to the image when it is smaller), and with a
/// category ratio below 1 up to ten redraws while the crop holds a single class or one class covers at least that share
/// of its labelled (non-ignored) pixels; the tenth redraw is kept whatever it holds.
/// </summary>
internal static class SegmentationCrop
{
    private const int Attempts = 10;

    public static CropBox Sample(LabelMap labels, int size, double catMaxRatio, ref SplitMix rng)
    {
        var box = Draw(labels.Width, labels.Height, size, ref rng);
        if (catMaxRatio >= 1) return box;
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            if (Varied(labels, box, catMaxRatio)) break;
            box = Draw(labels.Width, labels.Height, size, ref rng);
        }
        return box;
    }

    private static CropBox Draw(int width, int height, int size, ref SplitMix rng)
    {
        int top = rng.NextInt(Math.Max(height - size, 0) + 1), left = rng.NextInt(Math.Max(width - size, 0) + 1);
        return new CropBox(left, top, Math.Min(size, width - left), Math.Min(size, height - top));
    }

    /// <summary>More than one class, and the largest one's share of the labelled pixels below the ratio.</summary>
    public static bool Varied(LabelMap labels, CropBox box, double catMaxRatio)
    {
        Span<int> counts = stackalloc int[256];
        for (int y = box.Top; y < box.Top + box.Height; y++)
            foreach (byte v in labels.Labels.AsSpan(y * labels.Width + box.Left, box.Width)) counts[v]++;
        counts[LabelMap.Ignore] = 0;
        int classes = 0, largest = 0, total = 0;
        foreach (int c in counts)
        {
            if (c == 0) continue;
            classes++;
            total += c;
            largest = Math.Max(largest, c);
        }
        return classes > 1 && (double)largest / total < catMaxRatio;
    }

    public static LabelMap Apply(LabelMap labels, CropBox box)
    {
        var cropped = new byte[box.Width * box.Height];
        for (int y = 0; y < box.Height; y++)
            labels.Labels.AsSpan((box.Top + y) * labels.Width + box.Left, box.Width).CopyTo(cropped.AsSpan(y * box.Width));
        return new LabelMap(cropped, box.Width, box.Height);
    }

    public static ImageBuffer Apply(ImageBuffer image, CropBox box)
    {
        int c = image.Channels;
        var cropped = new ImageBuffer().Reset(box.Width, box.Height, c);
        for (int y = 0; y < box.Height; y++)
            image.Pixels.Slice(((box.Top + y) * image.Width + box.Left) * c, box.Width * c).CopyTo(cropped.Pixels[(y * box.Width * c)..]);
        return cropped;
    }
}
