using System.Buffers.Binary;
using System.IO.Compression;

namespace Moby.Data;

/// <summary>
/// MNIST and Fashion-MNIST in IDX format (<c>train-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>, ...),
/// gzipped or not. The whole split is small, so it is held in memory as bytes.
/// </summary>
public static class Idx
{
    const int ImagesMagic = 0x0803; // unsigned bytes, 3 dimensions
    const int LabelsMagic = 0x0801; // unsigned bytes, 1 dimension

    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static BinaryDataset OpenMnist(string dir, DataSplit split) =>
        Open("mnist", dir, split, Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray(), ChannelStats.Mnist);

    public static BinaryDataset OpenFashionMnist(string dir, DataSplit split) =>
        Open("fashion-mnist", dir, split, FashionClasses, ChannelStats.FashionMnist);

    static BinaryDataset Open(string name, string dir, DataSplit split, string[] classes, ChannelStats stats)
    {
        if (!Directory.Exists(dir))
            throw new DataException($"{name} folder '{dir}' does not exist");
        var prefix = split switch
        {
            DataSplit.Train => "train",
            DataSplit.Test => "t10k",
            _ => throw Cifar.NoSplit(name, dir, split),
        };
        var images = Read(Find(dir, prefix, "images", 3), ImagesMagic, out var dims);
        var labels = Read(Find(dir, prefix, "labels", 1), LabelsMagic, out _);
        var shape = new BinaryDataset.Shape(dims[2], dims[1], 1, PixelLayout.Interleaved);
        return new BinaryDataset($"{name} {split}", dims[0], i => images.AsMemory(i * shape.Bytes, shape.Bytes), 0, shape,
            labels, classes, stats);
    }

    /// <summary>The file's payload after checking its magic number and that its size matches its dimensions.</summary>
    internal static byte[] Read(string file, int magic, out int[] dims)
    {
        var bytes = Bytes(file);
        int rank = magic & 0xFF;
        int header = 4 + 4 * rank;
        if (bytes.Length < header || BinaryPrimitives.ReadInt32BigEndian(bytes) != magic)
            throw new DataException($"'{file}' is not an IDX file of unsigned bytes with {rank} dimension(s) (magic 0x{magic:X8})");
        dims = Enumerable.Range(0, rank).Select(d => BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d))).ToArray();
        long expected = header + dims.Aggregate(1L, (a, d) => a * d);
        if (bytes.Length != expected)
            throw new DataException($"'{file}' has {bytes.Length} bytes but its header announces {expected}: truncated or wrong file");
        return bytes[header..];
    }

    static string Find(string dir, string prefix, string kind, int rank)
    {
        var candidates = new[] { $"{prefix}-{kind}-idx{rank}-ubyte", $"{prefix}-{kind}.idx{rank}-ubyte" }
            .SelectMany(n => new[] { n, n + ".gz" })
            .Select(n => Path.Combine(dir, n));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DataException($"'{dir}' has no {prefix}-{kind}-idx{rank}-ubyte[.gz] file");
    }

    static byte[] Bytes(string file)
    {
        if (!file.EndsWith(".gz", StringComparison.Ordinal))
            return File.ReadAllBytes(file);
        try
        {
            using var gz = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
            using var memory = new MemoryStream();
            gz.CopyTo(memory);
            return memory.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"'{file}' is not a valid gzip file: {e.Message}", e);
        }
    }
}
