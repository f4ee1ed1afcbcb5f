using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// CIFAR-10 and CIFAR-100, binary versions (<c>cifar-10-batches-bin</c>, <c>cifar-100-binary</c>): records of
/// label byte(s) then 3x32x32 planar pixels. The path may be that folder or its parent.
/// </summary>
internal static class Cifar
{
    static readonly BinaryDataset.Shape Shape = new(32, 32, 3, PixelLayout.Planar);

    static readonly string[] Cifar10Classes =
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"];

    public static BinaryDataset Open10(string path, DataSplit split)
    {
        string[] names = split switch
        {
            DataSplit.Train => Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin").ToArray(),
            DataSplit.Test => ["test_batch.bin"],
            _ => throw NoSplit("cifar10", path, split),
        };
        var dir = Folder(path, "cifar-10-batches-bin", names[0]);
        var files = names.Select(n => Path.Combine(dir, n)).ToArray();
        return BinaryDataset.FromRecords($"cifar10 {split}", new RecordFiles(files, 1 + Shape.Bytes), r => Labels(r, 0, 10), 1, Shape,
            Cifar10Classes, ChannelStats.ImageNet);
    }

    /// <summary>CIFAR-100 with its 100 fine labels (the coarse label is the record's first byte).</summary>
    public static BinaryDataset Open100(string path, DataSplit split)
    {
        string file = split switch
        {
            DataSplit.Train => "train.bin",
            DataSplit.Test => "test.bin",
            _ => throw NoSplit("cifar100", path, split),
        };
        var dir = Folder(path, "cifar-100-binary", file);
        return BinaryDataset.FromRecords($"cifar100 {split}", new RecordFiles([Path.Combine(dir, file)], 2 + Shape.Bytes), r => Labels(r, 1, 100), 2,
            Shape, ClassNames.Read(Path.Combine(dir, "fine_label_names.txt"), 100), ChannelStats.ImageNet);
    }

    /// <summary>The label byte at <paramref name="column"/> of every record, each below <paramref name="classes"/>.</summary>
    static byte[] Labels(RecordFiles records, int column, int classes)
    {
        var labels = records.Column(column);
        BinaryDataset.CheckLabels(labels, classes, records.Describe);
        return labels;
    }

    /// <summary>The folder holding <paramref name="marker"/>: <paramref name="path"/> itself or its sub-folder.</summary>
    internal static string Folder(string path, string officialName, string marker)
    {
        foreach (var dir in new[] { path, Path.Combine(path, officialName) })
            if (File.Exists(Path.Combine(dir, marker)))
                return dir;
        throw new DataException($"'{ShownNames.Path(path)}' does not hold the binary data set: expected {marker} in it or in {officialName}/");
    }

    internal static DataException NoSplit(string name, string path, DataSplit split) =>
        new($"{name} at '{ShownNames.Path(path)}' has no {split} split");
}
