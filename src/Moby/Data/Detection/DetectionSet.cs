using Moby.Interop;

namespace Moby.Data.Detection;

/// <summary>
/// The images of a COCO file (one split) and their training targets, read lazily. Every image of the file counts
/// (evaluation scores them all, as COCOeval does); <see cref="TrainingIndices"/> leaves out those without a target
/// unless asked (mmdet's filter_empty_gt). A target is a non-crowd annotation with its box clipped to the image; one
/// whose clipped box is under 1 px wide or high, or whose area is not positive, is skipped with a warning (real COCO
/// files hold a few). Safe to read from several threads at once.
/// </summary>
internal sealed class DetectionSet
{
    private const int MaxWarnings = 10;

    private readonly string imageDir;
    private readonly ImageDecodeOptions decoding;
    private readonly Target[][] targets;

    private readonly record struct Target(float[] Box, int Label, CocoAnnotation Annotation);

    public DetectionSet(CocoFile coco, string imageDir, ImageDecodeOptions decoding, Action<string>? warn)
    {
        Coco = coco;
        this.imageDir = imageDir;
        // Always full size: masks and boxes refer to the image's pixels, so no scaled-down decoding.
        this.decoding = decoding with { TargetSize = 0 };
        var skipped = new List<string>();
        targets = Enumerable.Range(0, coco.Images.Count).Select(i => Targets(i, skipped)).ToArray();
        Warn(skipped, warn);
    }

    public CocoFile Coco { get; }
    public int Count => Coco.Images.Count;
    public IReadOnlyList<string> ClassNames => Coco.Categories.Select(c => c.Name).ToArray();
    public int NumClasses => Coco.Categories.Count;

    /// <summary>Annotations left out of the training targets as degenerate (crowd regions not counted).</summary>
    public int Skipped { get; private set; }

    public string Describe(int index) => Coco.Images[index].FileName is { } file ? Path.Combine(imageDir, file) : $"image {Coco.Images[index].Id}";

    /// <summary>The images to train on: those with a target, or every one with <paramref name="keepEmpty"/>.</summary>
    public int[] TrainingIndices(bool keepEmpty) => Enumerable.Range(0, Count).Where(i => keepEmpty || targets[i].Length > 0).ToArray();

    public DetectionSample Load(int index)
    {
        var info = Coco.Images[index];
        string file = ImagePath(info);
        var kept = targets[index];
        // Counted in long before anything is decoded: the masks share one byte array, and an int product overflowed
        // for a file whose limits allow more than one array holds.
        long maskBytes = (long)kept.Length * info.Width * info.Height;
        if (maskBytes > Array.MaxLength)
            throw new DataException($"COCO file '{ShownNames.Path(Coco.Path)}': image {info.Id} ('{ShownNames.Path(file)}') has {kept.Length:N0} masks of {info.Width} x {info.Height} pixels, {maskBytes:N0} bytes, more than the {Array.MaxLength:N0} one image's masks may take");
        var image = ImageDecoder.DecodeFile(file, decoding);
        if (image.Width != info.Width || image.Height != info.Height)
            throw new DataException($"image '{ShownNames.Path(file)}' is {image.Width} x {image.Height}, but '{ShownNames.Path(Coco.Path)}' gives image {info.Id} as {info.Width} x {info.Height}");
        var masks = new byte[maskBytes];
        var result = new ImageInstances(kept.SelectMany(t => t.Box).ToArray(), kept.Select(t => (long)t.Label).ToArray(), masks, info.Width, info.Height);
        for (int k = 0; k < kept.Length; k++) kept[k].Annotation.Mask(info.Height, info.Width).Decode(result.Mask(k));
        return new DetectionSample(image, result);
    }

    /// <summary>The file of an image inside the images folder; a name that leaves it (rooted, or with "..") is refused.</summary>
    private string ImagePath(CocoImage info)
    {
        string name = info.FileName ?? throw new DataException($"COCO file '{ShownNames.Path(Coco.Path)}': image {info.Id} has no \"file_name\"");
        if (Path.IsPathRooted(name) || name.Split('/', '\\').Contains(".."))
            throw new DataException($"COCO file '{ShownNames.Path(Coco.Path)}': image {info.Id} has the file_name '{ShownNames.Path(name)}', which leaves the images folder '{ShownNames.Path(imageDir)}'");
        return Path.Combine(imageDir, name);
    }

    private Target[] Targets(int image, List<string> skipped)
    {
        var info = Coco.Images[image];
        var kept = new List<Target>();
        foreach (var a in Coco.Of(image).Where(a => !a.Crowd))
        {
            double x1 = Math.Max(0, a.Box[0]), y1 = Math.Max(0, a.Box[1]);
            double x2 = Math.Min(info.Width, a.Box[0] + a.Box[2]), y2 = Math.Min(info.Height, a.Box[1] + a.Box[3]);
            if (x2 - x1 >= 1 && y2 - y1 >= 1 && a.Area > 0)
            {
                kept.Add(new Target([(float)x1, (float)y1, (float)x2, (float)y2], a.Label, a));
                continue;
            }
            Skipped++;
            string why = a.Area > 0 ? "under 1 px wide or high inside its image" : $"its area is {a.Area}";
            skipped.Add($"annotation {a.Id} of image {info.Id} (bbox [{string.Join(", ", a.Box)}] on {info.Width} x {info.Height}): {why}");
        }
        return [.. kept];
    }

    private void Warn(List<string> skipped, Action<string>? warn)
    {
        if (warn is null || skipped.Count == 0) return;
        foreach (var line in skipped.Take(MaxWarnings)) warn($"warning: '{ShownNames.Path(Coco.Path)}': {line}; not a training target");
        if (skipped.Count > MaxWarnings)
            warn($"warning: '{ShownNames.Path(Coco.Path)}': {skipped.Count} degenerate annotations in all are not training targets ({skipped.Count - MaxWarnings} more not listed)");
    }
}
