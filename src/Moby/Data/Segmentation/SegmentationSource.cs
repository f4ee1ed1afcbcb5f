using Moby.Interop;

namespace Moby.Data.Segmentation;

/// <summary>
/// A segmentation data set named as <c>ade20k:/path</c> or <c>segfolder:/path</c>.
/// ADE20K layout: <c>images/{training,validation}/*.jpg|png</c> and <c>annotations/{training,validation}/*.png</c> (same
/// stems), classes from <c>classes.txt</c> when the root has one, else ADE20K's 150.
/// Segfolder: <c>images/</c> and <c>masks/</c> (same stems) with a <c>classes.txt</c> at the root, either directly (one
/// training split) or under <c>train/</c> and <c>val/</c>.
/// </summary>
internal sealed record SegmentationSource(SegmentationSourceKind Kind, string Root)
{
    public const string ClassesFile = "classes.txt";

    public static SegmentationSource Parse(string spec)
    {
        int colon = spec.IndexOf(':');
        string name = (colon < 0 ? spec : spec[..colon]).Trim().ToLowerInvariant(), path = colon < 0 ? "" : spec[(colon + 1)..].Trim();
        var kind = name switch
        {
            "ade20k" => SegmentationSourceKind.Ade20k,
            "segfolder" => SegmentationSourceKind.SegFolder,
            _ => throw new DataException($"unknown segmentation data source '{ShownNames.Path(spec)}'; expected ade20k:/path or segfolder:/path"),
        };
        return path.Length > 0 ? new SegmentationSource(kind, path) : throw new DataException($"segmentation data source '{ShownNames.Path(spec)}' needs a path: {name}:/path");
    }

    /// <param name="split">Train, or Test for the validation split.</param>
    public SegmentationSet Open(DataSplit split, bool reduceZeroLabel, ImageDecodeOptions decoding)
    {
        if (!Directory.Exists(Root)) throw new DataException($"segmentation data '{ShownNames.Path(Root)}' does not exist");
        var (imageDir, labelDir) = Folders(split);
        var images = Directory.EnumerateFiles(imageDir).Where(IsImage).Order(StringComparer.Ordinal).ToArray();
        if (images.Length == 0) throw new DataException($"'{ShownNames.Path(imageDir)}' has no image files (.jpg, .jpeg, .png, .bmp, .webp)");
        var labels = images.Select(image => LabelFile(image, labelDir)).ToArray();
        return new SegmentationSet(images, labels, Classes(), reduceZeroLabel, decoding);
    }

    private (string Images, string Labels) Folders(DataSplit split)
    {
        (string images, string labels, string splitName) = (Kind, split) switch
        {
            (SegmentationSourceKind.Ade20k, DataSplit.Train) => ("images/training", "annotations/training", "training"),
            (SegmentationSourceKind.Ade20k, DataSplit.Test) => ("images/validation", "annotations/validation", "validation"),
            (SegmentationSourceKind.SegFolder, DataSplit.Train) when !Directory.Exists(Path.Combine(Root, "train")) => ("images", "masks", "training"),
            (SegmentationSourceKind.SegFolder, DataSplit.Train) => ("train/images", "train/masks", "training"),
            (SegmentationSourceKind.SegFolder, DataSplit.Test) => ("val/images", "val/masks", "validation"),
            _ => throw new DataException($"segmentation data '{ShownNames.Path(Root)}' has no {split} split"),
        };
        string imageDir = Path.Combine(Root, images), labelDir = Path.Combine(Root, labels);
        if (!Directory.Exists(imageDir) || !Directory.Exists(labelDir))
            throw new DataException($"segmentation data '{ShownNames.Path(Root)}' has no {splitName} split: expected the folders '{ShownNames.Path(imageDir)}' and '{ShownNames.Path(labelDir)}'");
        return (imageDir, labelDir);
    }

    private static readonly HashSet<string> ImageExtensions = new(StringComparer.OrdinalIgnoreCase) { ".jpg", ".jpeg", ".png", ".bmp", ".webp" };

    private static bool IsImage(string file) => ImageExtensions.Contains(Path.GetExtension(file));

    private static string LabelFile(string image, string labelDir)
    {
        string label = Path.Combine(labelDir, Path.GetFileNameWithoutExtension(image) + ".png");
        return File.Exists(label) ? label : throw new DataException($"image '{ShownNames.Path(image)}' has no label map: expected '{ShownNames.Path(label)}'");
    }

    private IReadOnlyList<string> Classes()
    {
        string file = Path.Combine(Root, ClassesFile);
        if (File.Exists(file))
        {
            var names = ClassNames.Lines(file);
            return names.Length is > 0 and < LabelMap.Ignore
                ? names
                : throw new DataException($"'{ShownNames.Path(file)}' lists {names.Length} classes; expected 1 to {LabelMap.Ignore - 1} (255 is the ignore index)");
        }
        return Kind == SegmentationSourceKind.Ade20k
            ? AdeClasses.Names
            : throw new DataException($"segmentation folder '{ShownNames.Path(Root)}' has no {ClassesFile} (one class name per line, line i naming class index i)");
    }

    public override string ToString() => $"{(Kind == SegmentationSourceKind.Ade20k ? "ade20k" : "segfolder")}:{Root}";
}
