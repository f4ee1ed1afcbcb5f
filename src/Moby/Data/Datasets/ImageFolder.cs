using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// Labeled images in <c>root/&lt;class&gt;/&lt;image&gt;</c> (torchvision's ImageFolder: classes sorted by name).
/// With an ImageNet layout (<c>root/train</c>, <c>root/val</c>) the split picks the sub-folder;
/// otherwise the root itself is the train split.
/// </summary>
internal static class ImageFolder
{
    public static ImageFiles Open(string root, DataSplit split, ImageDecodeOptions? decoding = null)
    {
        DataFolder.Require(root, $"image folder '{ShownNames.Path(root)}'", "root/<class>/<image> or root/train and root/val");
        var dir = SplitDirectory(root, split);
        // The val split is labeled with the train split's class indices (the model's outputs are
        // numbered by train's sorted classes), so a val class missing from train cannot be scored.
        var trainDir = Path.Combine(root, "train");
        return split == DataSplit.Test
            ? Classes(dir, decoding, ClassDirectories(trainDir).Select(d => Path.GetFileName(d)!).ToArray())
            : Classes(dir, decoding, null);
    }

    static string SplitDirectory(string root, DataSplit split)
    {
        bool imageNetLayout = Directory.Exists(Path.Combine(root, "train"));
        string? sub = split switch
        {
            DataSplit.Train => imageNetLayout ? "train" : "",
            DataSplit.Test => imageNetLayout ? "val" : null,
            _ => null,
        };
        var dir = sub is null ? null : Path.Combine(root, sub);
        if (dir is null || !Directory.Exists(dir))
            throw new DataException($"image folder '{ShownNames.Path(root)}' has no {split} split (expected '{ShownNames.Path(Path.Combine(root, split == DataSplit.Train ? "train" : "val"))}')");
        return dir;
    }

    static string[] ClassDirectories(string dir)
    {
        var classDirs = Directory.GetDirectories(dir).Order(StringComparer.Ordinal).ToArray();
        if (classDirs.Length == 0)
            throw new DataException($"image folder '{ShownNames.Path(dir)}' has no class sub-folders (expected {ShownNames.Path(dir)}/<class>/<image>)");
        return classDirs;
    }

    /// <param name="trainClasses">For the val split, train's classes: each val class folder is labeled
    /// with its index among them; null labels the folder's own classes in sorted order.</param>
    static ImageFiles Classes(string dir, ImageDecodeOptions? decoding, string[]? trainClasses)
    {
        var classDirs = ClassDirectories(dir);
        var files = new List<string>();
        var labels = new List<int>();
        for (int c = 0; c < classDirs.Length; c++)
        {
            int label = c;
            if (trainClasses is not null)
            {
                label = Array.IndexOf(trainClasses, Path.GetFileName(classDirs[c]));
                if (label < 0)
                    throw new DataException($"class folder '{ShownNames.Path(classDirs[c])}' is not a train class (expected one of: {string.Join(", ", trainClasses.Take(20).Select(ShownNames.One))}{(trainClasses.Length > 20 ? $", ... ({trainClasses.Length} in all)" : "")})");
            }
            var inClass = ImageFiles.Under(classDirs[c]);
            if (inClass.Length == 0)
                throw new DataException($"class folder '{ShownNames.Path(classDirs[c])}' has no image files (.jpg, .jpeg, .png, .bmp, .webp)");
            files.AddRange(inClass);
            labels.AddRange(Enumerable.Repeat(label, inClass.Length));
        }
        var names = trainClasses ?? classDirs.Select(d => Path.GetFileName(d)!).ToArray();
        return new ImageFiles(files.ToArray(), labels.ToArray(), names, decoding);
    }
}
