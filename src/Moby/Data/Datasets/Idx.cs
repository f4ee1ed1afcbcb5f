using System.Buffers.Binary;
using System.IO.Compression;
using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// MNIST and Fashion-MNIST in IDX format (<c>train-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>, ...),
/// gzipped or not. The whole split is small, so it is held in memory as bytes.
/// </summary>
internal static class Idx
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
        DataFolder.Require(dir, $"{name} folder '{ShownNames.Path(dir)}'");
        var prefix = split switch
        {
            DataSplit.Train => "train",
            DataSplit.Test => "t10k",
            _ => throw Cifar.NoSplit(name, dir, split),
        };
        string imagesFile = Find(dir, prefix, "images", 3), labelsFile = Find(dir, prefix, "labels", 1);
        var (images, dims) = Read(imagesFile, ImagesMagic);
        var (labels, _) = Read(labelsFile, LabelsMagic);
        if (labels.Length != dims[0])
            throw new DataException($"'{ShownNames.Path(labelsFile)}' holds {labels.Length} labels but '{ShownNames.Path(imagesFile)}' holds {dims[0]} images");
        BinaryDataset.CheckLabels(labels, classes.Length, i => $"'{ShownNames.Path(labelsFile)}' at item {i}");
        var shape = new BinaryDataset.Shape(dims[2], dims[1], 1, PixelLayout.Interleaved);
        return new BinaryDataset($"{name} {split}", dims[0], i => images.AsMemory(i * shape.Bytes, shape.Bytes), 0, shape,
            labels, classes, stats);
    }

    /// <summary>
    /// The file's payload after checking its magic number, that every dimension is at least 1 and that its size
    /// matches them. A damaged file ends in a <see cref="DataException"/> naming it, whatever the damage.
    /// </summary>
    internal static (byte[] Payload, int[] Dims) Read(string file, int magic)
    {
        try
        {
            using var stream = DataFile.Read(file, () => OpenStream(file));
            return DataFile.Read(file, () => Payload(stream, file, magic));
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"'{ShownNames.Path(file)}' is not a valid gzip file: {ShownNames.Path(e.Message)}", e);
        }
    }

    static Stream OpenStream(string file)
    {
        var raw = File.OpenRead(file);
        return file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
    }

    static (byte[] Payload, int[] Dims) Payload(Stream stream, string file, int magic)
    {
        int rank = magic & 0xFF;
        var header = new byte[4 + 4 * rank];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || BinaryPrimitives.ReadInt32BigEndian(header) != magic)
            throw new DataException($"'{ShownNames.Path(file)}' is not an IDX file of unsigned bytes with {rank} dimension(s) (magic 0x{magic:X8})");
        var dims = Enumerable.Range(0, rank).Select(d => BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * d))).ToArray();
        long length = 1;
        foreach (int d in dims)
        {
            // Each factor is below 2^31 and the product so far at most Array.MaxLength: no overflow in 64 bits.
            length *= d;
            if (d < 1 || length > Array.MaxLength)
                throw new DataException($"'{ShownNames.Path(file)}' declares dimensions {string.Join(" x ", dims)}: each must be at least 1 " +
                                        $"and their product at most {Array.MaxLength} bytes");
        }
        return (Exactly(stream, (int)length, file, header.Length), dims);
    }

    /// <summary>
    /// The <paramref name="length"/> bytes that follow the header, and nothing after them. A gzipped file's size is
    /// known only by inflating it, so its buffer grows as data arrives: a header that announces more than the file
    /// holds costs no more memory than the file does.
    /// </summary>
    static byte[] Exactly(Stream stream, int length, string file, int header)
    {
        if (stream.CanSeek && stream.Length != header + (long)length)
            throw Mismatch(file, stream.Length, header + (long)length);
        var data = new byte[stream.CanSeek ? length : Math.Min(length, 1 << 20)];
        int filled = 0;
        while (filled < length)
        {
            if (filled == data.Length)
                Array.Resize(ref data, (int)Math.Min(length, 2L * data.Length));
            int n = stream.Read(data, filled, data.Length - filled);
            if (n == 0)
                throw Mismatch(file, header + (long)filled, header + (long)length);
            filled += n;
        }
        if (stream.ReadByte() >= 0)
            throw new DataException($"'{ShownNames.Path(file)}' holds more than the {header + (long)length} bytes its header announces: wrong file");
        return data;
    }

    static DataException Mismatch(string file, long actual, long announced) =>
        new($"'{ShownNames.Path(file)}' has {actual} bytes but its header announces {announced}: truncated or wrong file");

    static string Find(string dir, string prefix, string kind, int rank)
    {
        var candidates = new[] { $"{prefix}-{kind}-idx{rank}-ubyte", $"{prefix}-{kind}.idx{rank}-ubyte" }
            .SelectMany(n => new[] { n, n + ".gz" })
            .Select(n => Path.Combine(dir, n));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DataException($"'{ShownNames.Path(dir)}' has no {prefix}-{kind}-idx{rank}-ubyte[.gz] file");
    }
}
