using Moby.Data;
using SkiaSharp;
using Xunit;

namespace Moby.Tests.Data;

public class DatasetTests
{
    [Fact]
    public void CifarRecordsBecomeInterleavedPixelsWithLabels()
    {
        using var dir = new TempDir();
        // Two records: label, then R, G, B planes; pixel (x=1, y=0) of image 1 is (10, 20, 30).
        var records = new byte[2 * 3073];
        records[0] = 7;
        records[3073] = 2;
        for (int ch = 0; ch < 3; ch++)
            records[3073 + 1 + ch * 1024 + 1] = (byte)(10 * (ch + 1));
        dir.File("cifar-10-batches-bin/test_batch.bin", records);
        using var cifar = DataSource.Parse($"cifar10:{dir.Path}").Open(DataSplit.Test);
        Assert.Equal((2, 3, 10), (cifar.Count, cifar.Channels, cifar.NumClasses));
        Assert.Equal((7, 2), (cifar.Label(0), cifar.Label(1)));
        Assert.Equal(new byte[] { 10, 20, 30 }, cifar.Load(1).Pixels.Slice(3, 3).ToArray());
        Assert.Equal("cat", cifar.ClassNames[3]);
    }

    [Fact]
    public void CifarWithWrongRecordSizeGivesOneClearError()
    {
        using var dir = new TempDir();
        dir.File("test_batch.bin", new byte[3073 * 2 + 5]);
        var e = Assert.Throws<DataException>(() => Cifar.Open10(dir.Path, DataSplit.Test));
        Assert.Contains("test_batch.bin", e.Message);
        Assert.Contains("3073-byte records", e.Message);
    }

    [Fact]
    public void Cifar100UsesFineLabels()
    {
        using var dir = new TempDir();
        var record = new byte[3074];
        (record[0], record[1]) = (3, 42);
        dir.File("cifar-100-binary/train.bin", record);
        using var cifar = Cifar.Open100(dir.Path, DataSplit.Train);
        Assert.Equal((1, 100, 42), (cifar.Count, cifar.NumClasses, cifar.Label(0)));
    }

    [Fact]
    public void Stl10IsColumnMajorWithOneBasedLabelsAndAnUnlabeledSplit()
    {
        using var dir = new TempDir();
        var image = new byte[3 * 96 * 96];
        image[1 * 96 + 0] = 200; // red plane, column x=1, row y=0
        dir.File("stl10_binary/train_X.bin", image);
        dir.File("stl10_binary/train_y.bin", [10]);
        dir.File("stl10_binary/unlabeled_X.bin", [.. image, .. image]);
        using var train = Stl10.Open(dir.Path, DataSplit.Train);
        Assert.Equal(9, train.Label(0));
        Assert.Equal(200, train.Load(0).Pixels.Span[(0 * 96 + 1) * 3]);
        using var unlabeled = Stl10.Open(dir.Path, DataSplit.Unlabeled);
        Assert.Equal((2, 0, -1), (unlabeled.Count, unlabeled.NumClasses, unlabeled.Label(1)));
    }

    [Fact]
    public void IdxReadsGzippedAndPlainFilesAndChecksTheHeader()
    {
        using var dir = new TempDir();
        byte[] images = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, .. Enumerable.Range(0, 12).Select(i => (byte)i)];
        dir.File("train-images-idx3-ubyte.gz", Gzip(images));
        dir.File("train-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 2, 4, 9]);
        using var mnist = DataSource.Parse($"mnist:{dir.Path}").Open(DataSplit.Train);
        Assert.Equal((2, 1, 3, 2), (mnist.Count, mnist.Channels, mnist.Load(1).Width, mnist.Load(1).Height));
        Assert.Equal(new byte[] { 6, 7, 8, 9, 10, 11 }, mnist.Load(1).Pixels.ToArray());
        Assert.Equal(9, mnist.Label(1));
        dir.File("t10k-images-idx3-ubyte", images[..^1]);
        dir.File("t10k-labels-idx1-ubyte", [0, 0, 8, 1, 0, 0, 0, 2, 4, 9]);
        var e = Assert.Throws<DataException>(() => Idx.OpenMnist(dir.Path, DataSplit.Test));
        Assert.Contains("t10k-images-idx3-ubyte", e.Message);
    }

    [Fact]
    public void FashionMnistIsTheInstalledDefault()
    {
        Assert.Equal(DataSource.Default, DataSource.Parse("fashion-mnist"));
        if (!Directory.Exists(DataSource.FashionMnistDefaultPath))
            return; // not installed on this machine: the error path is tested below
        using var test = DataSource.Default.Open(DataSplit.Test);
        Assert.Equal((10000, 1, 10), (test.Count, test.Channels, test.NumClasses));
        Assert.Equal((28, 28), (test.Load(0).Width, test.Load(0).Height));
        Assert.Equal("Ankle boot", test.ClassNames[test.Label(0)]);
    }

    [Fact]
    public void MissingFashionMnistSaysHowToInstallIt()
    {
        var missing = DataSource.Default with { Path = "/nonexistent/fashion-mnist" };
        var e = Assert.Throws<DataException>(() => missing.Open(DataSplit.Train));
        Assert.Contains("sudo apt-get install dataset-fashion-mnist", e.Message);
        Assert.Contains("/nonexistent/fashion-mnist", e.Message);
    }

    [Fact]
    public void ImageFolderListsSortedClassesAndSplits()
    {
        using var dir = new TempDir();
        var png = ImageDecoderTests.Encode(ReferenceCase.Get("rgb48x40").Output(), SKEncodedImageFormat.Png, 100);
        dir.File("train/zebra/a.png", png);
        dir.File("train/ant/b.png", png);
        dir.File("train/ant/c.PNG", png);
        dir.File("train/ant/notes.txt", [1]);
        dir.File("val/ant/d.png", png);
        using var train = DataSource.Parse($"imagefolder:{dir.Path}").Open(DataSplit.Train);
        Assert.Equal(new[] { "ant", "zebra" }, train.ClassNames);
        Assert.Equal(3, train.Count);
        Assert.Equal(new[] { 0, 0, 1 }, Enumerable.Range(0, 3).Select(train.Label));
        Assert.Equal((48, 40, 3), (train.Load(2).Width, train.Load(2).Height, train.Load(2).Channels));
        using var val = ImageFolder.Open(dir.Path, DataSplit.Test);
        Assert.Equal(1, val.Count);
    }

    [Fact]
    public void EmptyClassFolderAndMissingSplitGiveOneClearError()
    {
        using var dir = new TempDir();
        dir.File("train/ant/a.png", ImageDecoderTests.Encode(ReferenceCase.Get("rgb48x40").Output(), SKEncodedImageFormat.Png, 100));
        Directory.CreateDirectory(Path.Combine(dir.Path, "train", "bee"));
        var empty = Assert.Throws<DataException>(() => ImageFolder.Open(dir.Path, DataSplit.Train));
        Assert.Contains("bee", empty.Message);
        var noVal = Assert.Throws<DataException>(() => ImageFolder.Open(dir.Path, DataSplit.Test));
        Assert.Contains("val", noVal.Message);
        Assert.Throws<DataException>(() => ImageFolder.Open(Path.Combine(dir.Path, "nope"), DataSplit.Train));
    }

    [Fact]
    public void ValClassesAreLabeledByTrainsClassesAndAnExtraValClassIsRefused()
    {
        using var dir = new TempDir();
        var png = ImageDecoderTests.Encode(ReferenceCase.Get("rgb48x40").Output(), SKEncodedImageFormat.Png, 100);
        dir.File("train/ant/a.png", png);
        dir.File("train/bee/b.png", png);
        dir.File("train/cat/c.png", png);
        dir.File("val/cat/d.png", png);
        // val has only cat: it is train's class 2, not val's own class 0.
        using (var val = ImageFolder.Open(dir.Path, DataSplit.Test))
        {
            Assert.Equal(new[] { "ant", "bee", "cat" }, val.ClassNames);
            Assert.Equal(2, val.Label(0));
        }
        dir.File("val/zzz/e.png", png);
        var extra = Assert.Throws<DataException>(() => ImageFolder.Open(dir.Path, DataSplit.Test));
        Assert.Contains("zzz", extra.Message);
        Assert.Contains("ant, bee, cat", extra.Message);
    }

    [Fact]
    public void SymlinkedFoldersInsideAClassAreNotFollowedSoALoopStaysBounded()
    {
        using var dir = new TempDir();
        var png = ImageDecoderTests.Encode(ReferenceCase.Get("rgb48x40").Output(), SKEncodedImageFormat.Png, 100);
        dir.File("train/a/x.png", png);
        dir.File("train/a/sub/y.png", png);
        dir.File("train/b/z.png", png);
        // One link only: three made the listing grow past 4 GB before the fix, which a test must not risk.
        Directory.CreateSymbolicLink(dir.File("train/a/l1"), "..");
        using var train = ImageFolder.Open(dir.Path, DataSplit.Train);
        Assert.Equal(3, train.Count);
        Assert.Equal(new[] { 0, 0, 1 }, Enumerable.Range(0, 3).Select(train.Label));
        Assert.Equal(2, ImageFiles.Under(dir.File("train/a")).Length);
        // The folder given may itself be a link.
        Directory.CreateSymbolicLink(dir.File("alias"), dir.File("train"));
        Assert.Equal(3, ImageFiles.Under(dir.File("alias")).Length);
    }

    [Fact]
    public void FlatFolderIsUnlabeled()
    {
        using var dir = new TempDir();
        dir.File("x/1.bmp", [1]);
        dir.File("2.jpg", [2]);
        using var folder = DataSource.Parse($"folder:{dir.Path}").Open(DataSplit.Unlabeled);
        Assert.Equal((2, 0, -1), (folder.Count, folder.NumClasses, folder.Label(0)));
        Assert.Throws<ImageDecodeException>(() => folder.Load(0));
    }

    [Theory]
    [InlineData("cifar10:/d", nameof(DataSourceKind.Cifar10), "/d")]
    [InlineData("CIFAR100:/d", nameof(DataSourceKind.Cifar100), "/d")]
    [InlineData("stl10:/data/stl", nameof(DataSourceKind.Stl10), "/data/stl")]
    [InlineData("imagefolder:/in", nameof(DataSourceKind.ImageFolder), "/in")]
    [InlineData("folder:/f", nameof(DataSourceKind.Folder), "/f")]
    [InlineData("fashion-mnist:/x", nameof(DataSourceKind.FashionMnist), "/x")]
    [InlineData("synthetic", nameof(DataSourceKind.Synthetic), "")]
    [InlineData("synthetic:24", nameof(DataSourceKind.Synthetic), "24")]
    public void ParsesAndPrintsSpecs(string spec, string kind, string path)
    {
        var source = DataSource.Parse(spec);
        Assert.Equal(new DataSource(Enum.Parse<DataSourceKind>(kind), path), source);
        Assert.Equal(source, DataSource.Parse(source.ToString()));
    }

    [Fact]
    public void SyntheticDataCountsItsImagesAndHasNoneToOpen()
    {
        Assert.Equal((1024, 24), (DataSource.Parse("synthetic").SyntheticImages, DataSource.Parse("synthetic:24").SyntheticImages));
        var error = Assert.Throws<DataException>(() => DataSource.Parse("synthetic").Open(DataSplit.Train));
        Assert.Contains("'synthetic'", error.Message);
    }

    [Fact]
    public void UnlabeledSplitExistsOnlyWhereTheDataHasIt()
    {
        Assert.Contains(DataSplit.Unlabeled, DataSource.Parse("stl10:/s").Splits);
        Assert.DoesNotContain(DataSplit.Unlabeled, DataSource.Parse("cifar10:/c").Splits);
        Assert.DoesNotContain(DataSplit.Test, DataSource.Parse("folder:/f").Splits);
        Assert.Throws<DataException>(() => Cifar.Open10("/nonexistent", DataSplit.Unlabeled));
    }

    [Theory]
    [InlineData("imagenet:/x")]
    [InlineData("cifar10")]
    [InlineData("synthetic:many")]
    [InlineData("synthetic:0")]
    public void BadSpecsAreRejected(string spec) => Assert.Throws<DataException>(() => DataSource.Parse(spec));

    internal static byte[] Gzip(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var gz = new System.IO.Compression.GZipStream(memory, System.IO.Compression.CompressionLevel.Fastest))
            gz.Write(data);
        return memory.ToArray();
    }
}
