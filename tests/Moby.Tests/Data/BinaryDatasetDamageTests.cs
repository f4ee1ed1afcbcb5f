using System.Buffers.Binary;
using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>Damaged or crafted IDX, CIFAR and STL-10 files: one clear error naming the file, memory bounded by the file.</summary>
public class BinaryDatasetDamageTests
{
    const int ImagesMagic = 0x0803, LabelsMagic = 0x0801;

    internal static byte[] IdxFile(int magic, int[] dims, int payload)
    {
        var bytes = new byte[4 + 4 * dims.Length + payload];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++)
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * d), dims[d]);
        return bytes;
    }

    [Theory]
    [InlineData(-2, -28, 28, 1568)]              // the product is positive and matches the file
    [InlineData(1 << 30, 1 << 30, 16, 0)]        // the product wraps to 0 in 64 bits: a 16-byte file matched it
    [InlineData(1, 0, 28, 0)]                    // an image with no rows
    [InlineData(int.MaxValue, int.MaxValue, int.MaxValue, 0)]
    public void IdxDimensionsThatAreNotPositiveOrOverflowAreRefused(int count, int rows, int cols, int payload)
    {
        using var dir = new TempDir();
        var images = dir.File("train-images-idx3-ubyte", IdxFile(ImagesMagic, [count, rows, cols], payload));
        dir.File("train-labels-idx1-ubyte", IdxFile(LabelsMagic, [2], 2));
        var e = Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Train));
        Assert.Contains(images, e.Message);
        Assert.Contains("dimensions", e.Message);
    }

    [Fact]
    public void IdxLabelsThatDoNotMatchTheImagesNameBothFiles()
    {
        using var dir = new TempDir();
        var images = dir.File("train-images-idx3-ubyte", IdxFile(ImagesMagic, [3, 2, 2], 12));
        var labels = dir.File("train-labels-idx1-ubyte", IdxFile(LabelsMagic, [2], 2));
        var e = Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Train));
        Assert.Contains(images, e.Message);
        Assert.Contains(labels, e.Message);
    }

    [Fact]
    public void IdxLabelBeyondTheClassesNamesTheFile()
    {
        using var dir = new TempDir();
        dir.File("train-images-idx3-ubyte", IdxFile(ImagesMagic, [2, 2, 2], 8));
        byte[] labels = [.. IdxFile(LabelsMagic, [2], 0), 3, 10];
        var file = dir.File("train-labels-idx1-ubyte", labels);
        var e = Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Train));
        Assert.Contains($"'{file}' at item 1 holds label 10", e.Message);
    }

    /// <summary>What <paramref name="open"/> returns, and the bytes it allocated on this thread to get there.</summary>
    private static (T Result, long Allocated) Allocating<T>(Func<T> open)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        var result = open();
        return (result, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void GzippedIdxIsReadNoFurtherThanItsHeaderAnnounces()
    {
        using var dir = new TempDir();
        // 784 bytes announced, 64 MB inflated: a gzip bomb of 64 kB.
        var bomb = DatasetTests.Gzip([.. IdxFile(ImagesMagic, [1, 28, 28], 0), .. new byte[64 << 20]]);
        var images = dir.File("train-images-idx3-ubyte.gz", bomb);
        dir.File("train-labels-idx1-ubyte", IdxFile(LabelsMagic, [1], 1));
        var (e, allocated) = Allocating(() => Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Train)));
        Assert.Contains(images, e.Message);
        Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void GzippedIdxAnnouncingMoreThanItHoldsCostsNoMoreThanItHolds()
    {
        using var dir = new TempDir();
        var images = dir.File("train-images-idx3-ubyte.gz", DatasetTests.Gzip(IdxFile(ImagesMagic, [1, 8000, 8000], 100)));
        dir.File("train-labels-idx1-ubyte", IdxFile(LabelsMagic, [1], 1));
        var (e, allocated) = Allocating(() => Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Train)));
        Assert.Contains($"'{images}' has 116 bytes but its header announces 64000016", e.Message);
        Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated");
    }

    [Theory]
    [InlineData("train-images-idx3-ubyte")]
    [InlineData("train-images-idx3-ubyte.gz")]
    public void IdxImagesAboveThePixelLimitAreRefusedFromTheHeader(string name)
    {
        using var dir = new TempDir();
        // 20 images of 10,000 x 10,000 announced by a 16-byte header: refused before anything is read or allocated.
        var header = IdxFile(ImagesMagic, [20, 10000, 10000], 0);
        var images = dir.File(name, name.EndsWith(".gz") ? DatasetTests.Gzip(header) : header);
        dir.File("train-labels-idx1-ubyte", IdxFile(LabelsMagic, [20], 20));
        var e = Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Train));
        Assert.Contains($"'{images}' declares images of 10000 x 10000 = 100000000 pixels, more than the limit of 89478485", e.Message);
        Assert.Contains("MOBYNET.MAX_IMAGE_PIXELS", e.Message);
        var lower = Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Train, maxPixels: 1000));
        Assert.Contains("more than the limit of 1000", lower.Message);
    }

    [Fact]
    public void GzippedIdxThatWouldInflatePastTheLimitIsRefusedBeforeInflating()
    {
        using var dir = new TempDir();
        // 4000 x 4000 images (each within the pixel limit), 100 of them: 1.6 GB announced by a few bytes of gzip.
        var images = dir.File("train-images-idx3-ubyte.gz", DatasetTests.Gzip(IdxFile(ImagesMagic, [100, 4000, 4000], 0)));
        dir.File("train-labels-idx1-ubyte", IdxFile(LabelsMagic, [100], 100));
        var (e, allocated) = Allocating(() => Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Train)));
        Assert.Contains($"'{images}' declares 100 x 4000 x 4000 = 1600000000 bytes, more than the 1073741824 bytes", e.Message);
        Assert.Contains("gunzip it", e.Message);
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated");
    }

    [Fact]
    public void UncompressedIdxImagesAreReadFromDiskNotHeld()
    {
        using var dir = new TempDir();
        var payload = Enumerable.Range(0, 64 * 256 * 256).Select(i => (byte)(i / (256 * 256))).ToArray();
        dir.File("train-images-idx3-ubyte", [.. IdxFile(ImagesMagic, [64, 256, 256], 0), .. payload]);
        dir.File("train-labels-idx1-ubyte", [.. IdxFile(LabelsMagic, [64], 0), .. new byte[64]]);
        var (set, allocated) = Allocating(() => Idx.OpenMnist(dir.Path, DataSplit.Train));
        using var _ = set;
        Assert.True(allocated < 1 << 20, $"{allocated} bytes allocated to open 4 MiB of images");
        Assert.Equal(64, set.Count);
        var image = set.Load(63);
        Assert.Equal((256, 256, 1), (image.Width, image.Height, image.Channels));
        Assert.All(image.Pixels.ToArray(), p => Assert.Equal(63, p));
    }

    [Fact]
    public void GzippedIdxGrowsByChunksWithoutCopying()
    {
        using var dir = new TempDir();
        // 40 MB of images: a doubling buffer allocates 1 + 2 + ... + 32 + 40 MiB (about 100 MB) on the way.
        const int count = 640, side = 250;
        dir.File("train-images-idx3-ubyte.gz", DatasetTests.Gzip([.. IdxFile(ImagesMagic, [count, side, side], 0), .. new byte[count * side * side]]));
        dir.File("train-labels-idx1-ubyte", [.. IdxFile(LabelsMagic, [count], 0), .. new byte[count]]);
        var (set, allocated) = Allocating(() => Idx.OpenMnist(dir.Path, DataSplit.Train));
        using var _ = set;
        Assert.True(allocated < 1.2 * count * side * side, $"{allocated} bytes allocated for {count * side * side}");
        Assert.Equal(count, set.Count);
        Assert.Equal(side * side, set.Load(count - 1).Pixels.Length);
    }

    [Fact]
    public void EmptyRecordFileIsRefusedNamingIt()
    {
        using var dir = new TempDir();
        var file = dir.File("test_batch.bin", []);
        var e = Assert.Throws<DataException>(() => Cifar.Open10(dir.Path, DataSplit.Test));
        Assert.Contains(file, e.Message);
    }

    [Fact]
    public void CifarLabelBeyondTheClassesNamesTheRecordAndTheFile()
    {
        using var dir = new TempDir();
        var records = new byte[3 * 3073];
        records[2 * 3073] = 12;
        var file = dir.File("test_batch.bin", records);
        var e = Assert.Throws<DataException>(() => Cifar.Open10(dir.Path, DataSplit.Test));
        Assert.Contains($"record 2 of '{file}' holds label 12", e.Message);
    }

    [Fact]
    public void Stl10LabelsThatDoNotMatchTheImagesNameBothFiles()
    {
        using var dir = new TempDir();
        var images = dir.File("train_X.bin", new byte[2 * 3 * 96 * 96]);
        var labels = dir.File("train_y.bin", [1, 2, 3]);
        var e = Assert.Throws<DataException>(() => Stl10.Open(dir.Path, DataSplit.Train));
        Assert.Contains(images, e.Message);
        Assert.Contains(labels, e.Message);
    }

    [Fact]
    public void HugeClassNamesFileIsRefusedUnread()
    {
        using var dir = new TempDir();
        dir.File("train.bin", new byte[3074]);
        var names = dir.File("fine_label_names.txt", new byte[2 << 20]);
        var e = Assert.Throws<DataException>(() => Cifar.Open100(dir.Path, DataSplit.Train));
        Assert.Contains(names, e.Message);
    }
}
