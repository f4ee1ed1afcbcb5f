using Moby.Data;
using Moby.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Data.Segmentation;

/// <summary>
/// Damaged or crafted files of a segmentation data set, read as training and evaluation read them (SegmentationSet):
/// each is one <see cref="DataException"/> naming the file and what was expected, never a crash or a large allocation.
/// (A mask of another size, a class index beyond the list and a missing mask: <see cref="SegmentationSetTests"/>.)
/// </summary>
public class HostilePairTests
{
    /// <summary>A one-pair ADE20K training split whose image or annotation is replaced by <paramref name="image"/> / <paramref name="label"/>.</summary>
    private static DataException Loading(TempDir dir, byte[]? image = null, byte[]? label = null)
    {
        var labels = new byte[] { 0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2, 0 };
        SegmentationSetTests.WritePair(dir, "images/training/a.png", "annotations/training/a.png", labels, 4, 3);
        if (image is not null) dir.File("images/training/a.png", image);
        if (label is not null) dir.File("annotations/training/a.png", label);
        dir.File("classes.txt", "bg\nx\ny\n"u8.ToArray());
        var set = SegmentationSource.Parse($"ade20k:{dir.Path}").Open(DataSplit.Train, false, SegmentationSetTests.Decoding);
        return Assert.ThrowsAny<DataException>(() => set.Load(0));
    }

    private static byte[] ValidLabels() => LabelPng.Encode(new LabelMap([0, 1, 1, 0, 2, 2, 1, 0, 0, 1, 2, 0], 4, 3));

    [Theory]
    [InlineData(0)]      // an empty file
    [InlineData(5)]      // within the signature
    [InlineData(20)]     // within IHDR
    [InlineData(-13)]    // without its IEND chunk
    [InlineData(-20)]    // within IDAT
    public void ATruncatedLabelMapNamesTheFile(int cut)
    {
        using var dir = new TempDir();
        var valid = ValidLabels();
        var e = Loading(dir, label: valid[..(cut >= 0 ? cut : valid.Length + cut)]);
        Assert.Contains($"label map '{dir.File("annotations/training/a.png")}'", e.Message);
        Assert.Matches("not a PNG|truncated|ends before|runs past|fewer than", e.Message);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    [InlineData(0.6)]    // within its pixel data
    public void ATruncatedImageNamesTheFile(double kept)
    {
        using var dir = new TempDir();
        var image = PngBuilder.Build(4, 3, 8, 0, Enumerable.Range(0, 3).Select(y => new byte[] { 0, 9, (byte)(90 * y), 17, 250 }).ToArray());
        var e = Loading(dir, image: image[..(int)(kept * image.Length)]);
        Assert.Contains($"'{dir.File("images/training/a.png")}'", e.Message);
    }

    [Fact]
    public void ACraftedHugeHeaderIsRefusedBeforeAllocatingForLabelsAndImages()
    {
        var huge = PngBuilder.Build(60_000, 60_000, 8, 0, [[0, 1]]); // 3.6 gigapixels declared in 60 bytes
        using (var dir = new TempDir())
        {
            var e = Loading(dir, label: huge);
            Assert.Contains($"label map '{dir.File("annotations/training/a.png")}': its header declares 60000 x 60000 pixels", e.Message);
        }
        using (var dir = new TempDir())
        {
            var e = Loading(dir, image: huge);
            Assert.Contains(dir.File("images/training/a.png"), e.Message);
            Assert.Contains("MOBYNET.MAX_IMAGE_PIXELS", e.Message);
        }
    }

    [Fact]
    public void ALabelMapThatIsNoPngOrAColourPngSaysWhatIsExpected()
    {
        using var dir = new TempDir();
        Assert.Contains("not a PNG file (label maps are 8-bit grayscale or palette PNGs)", Loading(dir, label: "GIF89a..."u8.ToArray()).Message);
        using var other = new TempDir();
        Assert.Contains("colour type 2", Loading(other, label: PngBuilder.Build(4, 3, 8, 2, Enumerable.Repeat(new byte[13], 3).ToArray())).Message);
    }
}
