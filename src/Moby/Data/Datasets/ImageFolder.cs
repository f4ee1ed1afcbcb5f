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
        DataFolder.Require(root, $"image folder '{root}'", "root/<class>/<image> or root/train and root/val");
        return Classes(SplitDirectory(root, split), decoding);
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
            throw new DataException($"image folder '{root}' has no {split} split (expected '{Path.Combine(root, split == DataSplit.Train ? "train" : "val")}')");
        return dir;
    }

    static ImageFiles Classes(string dir, ImageDecodeOptions? decoding)
    {
        var classDirs = Directory.GetDirectories(dir).Order(StringComparer.Ordinal).ToArray();
        if (classDirs.Length == 0)
            throw new DataException($"image folder '{dir}' has no class sub-folders (expected {dir}/<class>/<image>)");
        var files = new List<string>();
        var labels = new List<int>();
        for (int c = 0; c < classDirs.Length; c++)
        {
            var inClass = ImageFiles.Under(classDirs[c]);
            if (inClass.Length == 0)
                throw new DataException($"class folder '{classDirs[c]}' has no image files (.jpg, .jpeg, .png, .bmp, .webp)");
            files.AddRange(inClass);
            labels.AddRange(Enumerable.Repeat(c, inClass.Length));
        }
        return new ImageFiles(files.ToArray(), labels.ToArray(), classDirs.Select(Path.GetFileName).ToArray()!, decoding);
    }
}
