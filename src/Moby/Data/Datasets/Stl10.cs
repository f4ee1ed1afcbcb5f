namespace Moby.Data;

/// <summary>
/// STL-10 binary version (<c>stl10_binary</c>): 96x96 RGB in column-major planes; train (5k), test (8k) and
/// unlabeled (100k) splits; label files hold 1..10.
/// </summary>
public static class Stl10
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
        var labels = Path.Combine(dir, prefix + "_y.bin");
        return BinaryDataset.FromRecords($"stl10 {split}", new RecordFiles([Path.Combine(dir, prefix + "_X.bin")], Shape.Bytes),
            _ => split == DataSplit.Unlabeled ? null : Labels(labels), 0, Shape,
            ClassNames.Read(Path.Combine(dir, "class_names.txt"), 10), ChannelStats.ImageNet);
    }

    static byte[] Labels(string file)
    {
        if (!File.Exists(file))
            throw new DataException($"'{file}' does not exist");
        var labels = File.ReadAllBytes(file);
        for (int i = 0; i < labels.Length; i++)
        {
            if (labels[i] is < 1 or > 10)
                throw new DataException($"'{file}' holds label {labels[i]} at #{i}; STL-10 labels are 1..10");
            labels[i]--;
        }
        return labels;
    }
}
