using Moby.Data;
using Moby.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Data.Segmentation;

/// <summary>The ADE20K and segfolder readers: pairing by stem, classes, reduce_zero_label, and one clear error per damaged pair.</summary>
public class SegmentationSetTests
{
    internal static readonly ImageDecodeOptions Decoding = new() { MaxPixels = 1 << 20 };

    /// <summary>A gray image whose pixel values are 10 x its label, and its label map.</summary>
    internal static void WritePair(TempDir dir, string image, string label, byte[] labels, int width, int height)
    {
        dir.File(image, LabelPng.Encode(labels.Select(v => (byte)(10 * v)).ToArray(), width, height));
        dir.File(label, LabelPng.Encode(new LabelMap(labels, width, height)));
    }

    [Fact]
    public void Ade20kLayoutPairsImagesWithTheirAnnotations()
    {
        using var dir = new TempDir();
        WritePair(dir, "images/training/b.png", "annotations/training/b.png", [0, 1, 2, 3], 2, 2);
        WritePair(dir, "images/training/a.png", "annotations/training/a.png", [3, 3, 0, 1, 2, 0], 3, 2);
        dir.File("classes.txt", "bg\nx\ny\nz\n"u8.ToArray());
        var set = SegmentationSource.Parse($"ade20k:{dir.Path}").Open(DataSplit.Train, reduceZeroLabel: false, Decoding);
        Assert.Equal(2, set.Count);
        Assert.Equal(["bg", "x", "y", "z"], set.ClassNames);
        var first = set.Load(0); // "a" sorts first
        Assert.Equal((3, 2), (first.Labels.Width, first.Labels.Height));
        Assert.Equal([3, 3, 0, 1, 2, 0], first.Labels.Labels);
        Assert.Equal(30, first.Image.Pixels.Span[0]);
    }

    [Fact]
    public void ReduceZeroLabelIgnoresZeroAndShiftsTheRest()
    {
        using var dir = new TempDir();
        WritePair(dir, "images/validation/a.png", "annotations/validation/a.png", [0, 1, 150, 255], 2, 2);
        var set = SegmentationSource.Parse($"ade20k:{dir.Path}").Open(DataSplit.Test, reduceZeroLabel: true, Decoding);
        Assert.Equal(150, set.NumClasses); // ADE20K's own list when the root has no classes.txt
        Assert.Equal([255, 0, 149, 255], set.Load(0).Labels.Labels);
    }

    [Fact]
    public void SegfolderWithoutSplitsIsOneTrainingSplit()
    {
        using var dir = new TempDir();
        WritePair(dir, "images/a.png", "masks/a.png", [0, 1], 2, 1);
        dir.File("classes.txt", "bg\nthing\n"u8.ToArray());
        var source = SegmentationSource.Parse($"segfolder:{dir.Path}");
        Assert.Equal([0, 1], source.Open(DataSplit.Train, false, Decoding).Load(0).Labels.Labels);
        Assert.Contains("no validation split", Assert.Throws<DataException>(() => source.Open(DataSplit.Test, false, Decoding)).Message);
    }

    [Fact]
    public void MissingLabelMapNamesTheImage()
    {
        using var dir = new TempDir();
        WritePair(dir, "images/training/a.png", "annotations/training/a.png", [0], 1, 1);
        dir.File("images/training/b.jpg", LabelPng.Encode(new LabelMap([0], 1, 1)));
        var e = Assert.Throws<DataException>(() => SegmentationSource.Parse($"ade20k:{dir.Path}").Open(DataSplit.Train, false, Decoding));
        Assert.Contains("b.jpg' has no label map: expected", e.Message);
    }

    [Fact]
    public void SizeMismatchNamesBothFiles()
    {
        using var dir = new TempDir();
        dir.File("images/training/a.png", LabelPng.Encode(new LabelMap([1, 2, 3, 4], 2, 2)));
        dir.File("annotations/training/a.png", LabelPng.Encode(new LabelMap([1, 2, 3], 3, 1)));
        var set = SegmentationSource.Parse($"ade20k:{dir.Path}").Open(DataSplit.Train, false, Decoding);
        var e = Assert.Throws<DataException>(() => set.Load(0));
        Assert.Matches("label map '.*annotations/training/a.png' has 3 x 1 pixels, but its image '.*images/training/a.png' has 2 x 2", e.Message);
    }

    [Fact]
    public void ClassIndexBeyondTheListNamesTheFileAndPixel()
    {
        using var dir = new TempDir();
        WritePair(dir, "images/a.png", "masks/a.png", [0, 1, 2, 1], 2, 2);
        dir.File("classes.txt", "bg\nthing\n"u8.ToArray());
        var set = SegmentationSource.Parse($"segfolder:{dir.Path}").Open(DataSplit.Train, false, Decoding);
        var e = Assert.Throws<DataException>(() => set.Load(0));
        Assert.Matches("label map '.*masks/a.png': pixel \\(0, 1\\) has class index 2, beyond the 2 classes", e.Message);
    }

    [Fact]
    public void UnknownSourceOrMissingPathIsOneLine()
    {
        Assert.Contains("expected ade20k:/path or segfolder:/path", Assert.Throws<DataException>(() => SegmentationSource.Parse("coco:/x")).Message);
        Assert.Contains("needs a path", Assert.Throws<DataException>(() => SegmentationSource.Parse("ade20k:")).Message);
    }
}
