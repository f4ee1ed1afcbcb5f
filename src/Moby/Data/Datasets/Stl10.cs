using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// STL-10 binary version (<c>stl10_binary</c>): 96x96 RGB in column-major planes; train (5k), test (8k) and
/// unlabeled (100k) splits; label files hold 1..10.
/// </summary>
internal static class Stl10
{
    static readonly BinaryDataset.Shape Shape = new(96, 96, 3, PixelLayout.PlanarColumnMajor);

    public static BinaryDataset Open(string path, DataSplit split)
    {
        var dir = Cifar.Folder(path, "stl10_binary", "train_X.bin");
        var prefix = split switch
        {
            DataSplit.Train => "train",
            DataSplit.Test => "test",
            _ => "unlabeled",
        };
        string images = Path.Combine(dir, prefix + "_X.bin"), labels = Path.Combine(dir, prefix + "_y.bin");
        return BinaryDataset.FromRecords($"stl10 {split}", new RecordFiles([images], Shape.Bytes),
            records => split == DataSplit.Unlabeled ? null : Labels(labels, images, records.Count), 0, Shape,
            ClassNames.Read(Path.Combine(dir, "class_names.txt"), 10), ChannelStats.ImageNet);
    }

    /// <summary>One label per image of <paramref name="images"/>, its length checked before anything is read.</summary>
    static byte[] Labels(string file, string images, int count)
    {
        var info = new FileInfo(file);
        if (!info.Exists)
            throw new DataException($"'{ShownNames.Path(file)}' does not exist");
        if (info.Length != count)
            throw new DataException($"'{ShownNames.Path(file)}' holds {info.Length} labels but '{ShownNames.Path(images)}' holds {count} images");
        var labels = DataFile.Read(file, () => File.ReadAllBytes(file));
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is < 1 or > 10)
                throw new DataException($"'{ShownNames.Path(file)}' holds label {labels[i]} at #{i}; STL-10 labels are 1..10");
            labels[i]--;
        }
        return labels;
    }
}
