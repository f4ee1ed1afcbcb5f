using Moby.Interop;

namespace Moby.Data;

/// <summary>
/// MNIST and Fashion-MNIST in IDX format (<c>train-images-idx3-ubyte[.gz]</c>, <c>t10k-labels-idx1-ubyte[.gz]</c>, ...),
/// gzipped or not. What a file can make us allocate is bounded before its payload is read: each image within the pixel
/// limit; an uncompressed file read from disk by position (nothing held); a gzipped one (which only inflates
/// sequentially) held in memory, at most <see cref="MaxInflatedBytes"/>, as its data arrives.
/// </summary>
internal static class Idx
{
    const int ImagesMagic = 0x0803; // unsigned bytes, 3 dimensions
    const int LabelsMagic = 0x0801; // unsigned bytes, 1 dimension

    /// <summary>
    /// The most a gzipped IDX file may inflate to (1 GiB): a kilobyte of gzip can inflate to a megabyte, so the size
    /// its header announces is checked against this before inflating. EMNIST's largest split (0.55 GB) fits.
    /// </summary>
    public const long MaxInflatedBytes = 1L << 30;

    public static readonly string[] FashionClasses =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    public static BinaryDataset OpenMnist(string dir, DataSplit split, long maxPixels = ImageDecodeOptions.DefaultMaxPixels) =>
        Open("mnist", dir, split, Enumerable.Range(0, 10).Select(i => i.ToString()).ToArray(), ChannelStats.Mnist, maxPixels);

    public static BinaryDataset OpenFashionMnist(string dir, DataSplit split, long maxPixels = ImageDecodeOptions.DefaultMaxPixels) =>
        Open("fashion-mnist", dir, split, FashionClasses, ChannelStats.FashionMnist, maxPixels);

    static BinaryDataset Open(string name, string dir, DataSplit split, string[] classes, ChannelStats stats, long maxPixels)
    {
        DataFolder.Require(dir, $"{name} folder '{ShownNames.Path(dir)}'");
        var prefix = split switch
        {
            DataSplit.Train => "train",
            DataSplit.Test => "t10k",
            _ => throw Cifar.NoSplit(name, dir, split),
        };
        string imagesFile = Find(dir, prefix, "images", 3), labelsFile = Find(dir, prefix, "labels", 1);
        var images = Header(imagesFile, ImagesMagic, h => h.RequireImagesWithin(maxPixels));
        var labelsHeader = Header(labelsFile, LabelsMagic);
        if (labelsHeader.Dims[0] != images.Dims[0])
            throw new DataException($"'{ShownNames.Path(labelsFile)}' holds {labelsHeader.Dims[0]} labels but '{ShownNames.Path(imagesFile)}' holds {images.Dims[0]} images");
        var labels = Payload(labelsHeader, LabelsMagic).ToArray();
        BinaryDataset.CheckLabels(labels, classes.Length, i => $"'{ShownNames.Path(labelsFile)}' at item {i}");
        var shape = new BinaryDataset.Shape(images.Dims[2], images.Dims[1], 1, PixelLayout.Interleaved);
        if (!images.Gzipped)
            return BinaryDataset.FromRecords($"{name} {split}", new RecordFiles([imagesFile], shape.Bytes, images.Length), _ => labels, 0,
                shape, classes, stats);
        var pixels = Payload(images, ImagesMagic);
        return new BinaryDataset($"{name} {split}", images.Dims[0], pixels.Item, 0, shape, labels, classes, stats);
    }

    /// <summary>
    /// The whole payload of a (small) file after checking its header, for labels: the header's announced size is
    /// checked against the file's before anything is allocated. A damaged file ends in a <see cref="DataException"/> naming it.
    /// </summary>
    internal static (byte[] Payload, int[] Dims) Read(string file, int magic)
    {
        var header = Header(file, magic);
        return (Payload(header, magic).ToArray(), header.Dims);
    }

    /// <summary>
    /// The header alone, checked against <paramref name="limits"/> and <see cref="MaxInflatedBytes"/>; then an
    /// uncompressed file's size must be the header's and the payload's it announces.
    /// </summary>
    static IdxHeader Header(string file, int magic, Action<IdxHeader>? limits = null) => Reading(file, () =>
    {
        using var stream = IdxHeader.Open(file);
        var header = IdxHeader.Read(stream, file, magic);
        limits?.Invoke(header);
        header.RequireInflatedWithin(MaxInflatedBytes);
        if (stream.CanSeek && stream.Length != header.Length + header.PayloadBytes)
            throw IdxPayload.Mismatch(header, stream.Length);
        return header;
    });

    static IdxPayload Payload(IdxHeader header, int magic) => Reading(header.File, () =>
    {
        using var stream = IdxHeader.Open(header.File);
        IdxHeader.Read(stream, header.File, magic);
        return IdxPayload.Read(stream, header);
    });

    static T Reading<T>(string file, Func<T> read)
    {
        try
        {
            return DataFile.Read(file, read);
        }
        catch (InvalidDataException e)
        {
            throw new DataException($"'{ShownNames.Path(file)}' is not a valid gzip file: {ShownNames.Path(e.Message)}", e);
        }
    }

    static string Find(string dir, string prefix, string kind, int rank)
    {
        var candidates = new[] { $"{prefix}-{kind}-idx{rank}-ubyte", $"{prefix}-{kind}.idx{rank}-ubyte" }
            .SelectMany(n => new[] { n, n + ".gz" })
            .Select(n => Path.Combine(dir, n));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new DataException($"'{ShownNames.Path(dir)}' has no {prefix}-{kind}-idx{rank}-ubyte[.gz] file");
    }
}
