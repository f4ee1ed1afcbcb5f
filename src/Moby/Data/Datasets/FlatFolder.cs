using Moby.Interop;

namespace Moby.Data;

/// <summary>Unlabeled images anywhere under one folder. Its only split is the training data (train = unlabeled).</summary>
internal static class FlatFolder
{
    public static ImageFiles Open(string dir, DataSplit split, ImageDecodeOptions? decoding = null)
    {
        DataFolder.Require(dir, $"image folder '{ShownNames.Path(dir)}'");
        if (split == DataSplit.Test)
            throw new DataException($"folder '{ShownNames.Path(dir)}' is unlabeled and has no test split");
        var files = ImageFiles.Under(dir);
        if (files.Length == 0)
            throw new DataException($"folder '{ShownNames.Path(dir)}' has no image files (.jpg, .jpeg, .png, .bmp, .webp)");
        return new ImageFiles(files, null, [], decoding);
    }
}
