using Moby.Interop;

namespace Moby.Data.Segmentation;

/// <summary>
/// Image files and their label maps (one split), read lazily and checked as they are read: a label map of another size
/// than its image, or holding a class index beyond the class list, is an error naming the file. With
/// <see cref="ReduceZeroLabel"/> (mmseg's reduce_zero_label, for real ADE20K where 0 is "other"), 0 becomes the ignore
/// index 255 and every other index drops by one. Safe to read from several threads at once.
/// </summary>
internal sealed class SegmentationSet
{
    private readonly string[] images;
    private readonly string[] labels;
    private readonly ImageDecodeOptions decoding;

    public SegmentationSet(string[] images, string[] labels, IReadOnlyList<string> classNames, bool reduceZeroLabel, ImageDecodeOptions decoding)
    {
        this.images = images;
        this.labels = labels;
        ClassNames = classNames;
        ReduceZeroLabel = reduceZeroLabel;
        // Always full size: a label map must match its image pixel for pixel, so no scaled-down decoding.
        this.decoding = decoding with { TargetSize = 0 };
    }

    public int Count => images.Length;
    public IReadOnlyList<string> ClassNames { get; }
    public int NumClasses => ClassNames.Count;
    public bool ReduceZeroLabel { get; }

    public string Describe(int index) => images[index];

    /// <summary>The size image <paramref name="index"/> decodes at, read from its header (<see cref="ImageDecoder.DeclaredSize"/>), without decoding it.</summary>
    public (int Width, int Height) DeclaredSize(int index) => ImageDecoder.DeclaredSize(images[index], decoding);

    public SegmentationSample Load(int index)
    {
        var image = ImageDecoder.DecodeFile(images[index], decoding);
        var map = LabelPng.Read(labels[index], decoding.MaxPixels);
        if (map.Width != image.Width || map.Height != image.Height)
            throw new DataException($"label map '{ShownNames.Path(labels[index])}' has {map.Width} x {map.Height} pixels, but its image '{ShownNames.Path(images[index])}' has {image.Width} x {image.Height}");
        if (ReduceZeroLabel) Reduce(map.Labels);
        Check(map, labels[index]);
        return new SegmentationSample(image, map);
    }

    /// <summary>mmseg's reduce_zero_label: 0 to 255 (ignored), v to v - 1, 255 stays 255.</summary>
    private static void Reduce(byte[] values)
    {
        for (int i = 0; i < values.Length; i++)
            values[i] = values[i] is 0 or LabelMap.Ignore ? LabelMap.Ignore : (byte)(values[i] - 1);
    }

    private void Check(LabelMap map, string file)
    {
        int bad = Array.FindIndex(map.Labels, v => v >= NumClasses && v != LabelMap.Ignore);
        if (bad < 0) return;
        byte value = map.Labels[bad];
        string hint = !ReduceZeroLabel && value == NumClasses ? "; real ADE20K annotations need reduce_zero_label (0 = other)" : "";
        throw new DataException($"label map '{ShownNames.Path(file)}': pixel ({bad % map.Width}, {bad / map.Width}) has class index {(ReduceZeroLabel ? value + 1 : value)}" +
                                $"{(ReduceZeroLabel ? $" ({value} after reduce_zero_label)" : "")}, beyond the {NumClasses} classes " +
                                $"(0 to {NumClasses - 1}, 255 = ignore){hint}");
    }
}
