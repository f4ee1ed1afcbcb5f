using Moby.Data;
using Moby.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Data.Segmentation;

/// <summary>The joint image + label transforms on hand-computed cases.</summary>
public class JointTransformTests
{
    [Theory]
    [InlineData(64, 64, 128, 32, 32, 32)]     // factor min(128/64, 32/64) = 0.5
    [InlineData(100, 50, 2048, 512, 1024, 512)] // min(20.48, 10.24) = 10.24
    [InlineData(30, 45, 2048, 512, 512, 768)]   // min(2048/45, 512/30) = 17.0667: the short side decides
    [InlineData(10, 3, 5, 4, 5, 2)]             // min(5/10, 4/3) = 0.5: 3 * 0.5 + 0.5 = 2 (half rounds up)
    public void KeepRatioScaleFitsBothEdges(int w, int h, int longEdge, int shortEdge, int expectedW, int expectedH)
    {
        Assert.Equal((expectedW, expectedH), KeepRatioScale.Size(w, h, longEdge, shortEdge));
    }

    [Fact]
    public void NearestResizeReadsFloorOfScaledPosition()
    {
        var map = new LabelMap([1, 2, 3, 4], 4, 1);
        Assert.Equal([1, 3], NearestResize.Resize(map, 2, 1).Labels);              // x * 2: 0, 2
        Assert.Equal([1, 1, 2, 2, 3, 3, 4, 4], NearestResize.Resize(map, 8, 1).Labels); // floor(x / 2)
        Assert.Equal([1, 1, 2, 2, 3], NearestResize.Resize(new LabelMap([1, 2, 3], 3, 1), 5, 1).Labels); // floor(x * 0.6): 0, 0.6, 1.2, 1.8, 2.4
        var column = NearestResize.Resize(new LabelMap([5, 6], 1, 2), 1, 3);
        Assert.Equal([5, 5, 6], column.Labels); // floor(y * 2/3): 0, 0.67, 1.33
    }

    [Fact]
    public void CategoryRatioRuleNeedsTwoClassesAndNoDominantOne()
    {
        var labels = new LabelMap([0, 0, 0, 1, 255, 255, 2, 2, 2], 3, 3);
        Assert.False(SegmentationCrop.Varied(labels, new CropBox(0, 0, 2, 1), 0.75));  // one class
        Assert.False(SegmentationCrop.Varied(labels, new CropBox(0, 0, 3, 2), 0.75));  // 0: 3 of 4 labelled = 0.75, not below
        Assert.True(SegmentationCrop.Varied(labels, new CropBox(0, 0, 3, 2), 0.8));
        Assert.True(SegmentationCrop.Varied(labels, new CropBox(0, 0, 3, 3), 0.75));   // 3, 1 and 3 of 7 labelled (255 ignored)
        Assert.False(SegmentationCrop.Varied(labels, new CropBox(1, 1, 2, 1), 0.75));  // only ignored pixels
    }

    [Fact]
    public void CropOfASmallerImageIsClippedAndPaddedWithIgnore()
    {
        var options = new SegmentationAugmentOptions { CropSize = 4, ScaleLong = 3, ScaleShort = 2, RatioMin = 1, RatioMax = 1, FlipP = 0, Photometric = false, CatMaxRatio = 1 };
        var transform = new SegmentationTransform(options, new ModelInput(new ChannelStats([0f], [1f])));
        byte[] labels = [1, 2, 3, 4, 5, 6];
        var image = DecodedImage.Create(labels.SelectMany(v => new[] { (byte)(10 * v), (byte)(10 * v), (byte)(10 * v) }).ToArray(), 3, 2, 3);
        var chw = new float[16];
        var outLabels = new byte[16];
        transform.Apply(new SegmentationSample(image, new LabelMap(labels, 3, 2)), 0, 0, 0, chw, outLabels);
        Assert.Equal(new byte[] { 1, 2, 3, 255, 4, 5, 6, 255, 255, 255, 255, 255, 255, 255, 255, 255 }, outLabels);
        Assert.Equal(new[] { 10f, 20, 30, 0, 40, 50, 60, 0 }.Select(v => v / 255f), chw.Take(8));
        Assert.All(chw.Skip(8), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void FlipAndResizeKeepImageAndLabelsAligned()
    {
        var options = new SegmentationAugmentOptions { CropSize = 8, ScaleLong = 16, ScaleShort = 8, RatioMin = 1, RatioMax = 1, FlipP = 1, Photometric = false, CatMaxRatio = 1 };
        var transform = new SegmentationTransform(options, new ModelInput(new ChannelStats([0f], [1f])));
        // 4 x 4 blocks of constant labels: a nearest and a bilinear upscale by 2 agree inside each 2 x 2 block.
        var labels = Enumerable.Range(0, 16).Select(i => (byte)(i % 4 / 2 + 2 * (i / 8))).ToArray();
        var image = DecodedImage.Create(labels.SelectMany(v => Enumerable.Repeat((byte)(50 * v), 3)).ToArray(), 4, 4, 3);
        var chw = new float[64];
        var outLabels = new byte[64];
        transform.Apply(new SegmentationSample(image, new LabelMap(labels, 4, 4)), 0, 0, 0, chw, outLabels);
        Assert.Equal([1, 1, 1, 1, 0, 0, 0, 0], outLabels.Take(8));  // flipped: the right half (label 1) comes first
        foreach (int at in new[] { 0, 7, 17, 54, 63 }) // rows and columns 0-2 and 5-7 read one block each; 3 and 4 blend two
            Assert.Equal(50 * outLabels[at] / 255f, chw[at], 4);
    }

    [Fact]
    public void PhotometricConvertClipsAndTruncatesAsMmseg()
    {
        var image = new ImageBuffer().Reset(4, 1, 1);
        byte[] values = [200, 10, 101, 0];
        values.CopyTo(image.Pixels);
        PhotometricDistortion.Convert(image, 1.5f, 0);
        Assert.Equal([255, 15, 151, 0], image.Pixels.ToArray()); // 300 clipped, 15, 151.5 truncated, 0
        PhotometricDistortion.Convert(image, 1, -20.7f);
        Assert.Equal([234, 0, 130, 0], image.Pixels.ToArray());   // 234.3, -5.7 clipped, 130.3
    }

    [Fact]
    public void SameSeedEpochAndIndexGiveTheSameCrop()
    {
        var options = new SegmentationAugmentOptions { CropSize = 8, ScaleLong = 24, ScaleShort = 12, RatioMin = 0.5, RatioMax = 2 };
        var transform = new SegmentationTransform(options, new ModelInput(ChannelStats.FashionMnist));
        var labels = Enumerable.Range(0, 144).Select(i => (byte)(i % 7)).ToArray();
        var sample = new SegmentationSample(DecodedImage.Create(labels.SelectMany(v => Enumerable.Repeat((byte)(30 * v), 3)).ToArray(), 12, 12, 3),
                                            new LabelMap(labels, 12, 12));
        float[] a = new float[64], b = new float[64], c = new float[64];
        var la = new byte[64];
        transform.Apply(sample, 3, 1, 5, a, la);
        transform.Apply(sample, 3, 1, 5, b, new byte[64]);
        transform.Apply(sample, 3, 2, 5, c, new byte[64]);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }
}
