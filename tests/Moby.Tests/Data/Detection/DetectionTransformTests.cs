using Moby.Data;
using Moby.Data.Detection;
using Moby.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Data.Detection;

/// <summary>The joint image + boxes + masks pipeline on hand-computed cases.</summary>
public class DetectionTransformTests
{
    private static readonly ModelInput Plain = new(new ChannelStats([0f], [1f]));

    private static DetectionAugmentOptions Fixed(int longEdge, int shortEdge, double flip = 0, int divisor = 32) =>
        DetectionAugmentOptions.Test(longEdge, shortEdge, divisor) with { FlipP = flip };

    /// <summary>A gray image whose pixel (x, y) is 10 x + 50 y + 5, with the given boxes and box-shaped masks.</summary>
    private static DetectionSample Sample(int width, int height, params float[][] boxes)
    {
        var pixels = new byte[3 * width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) pixels.AsSpan(3 * (y * width + x), 3).Fill((byte)(10 * x + 50 * y + 5));
        var masks = new byte[boxes.Length * width * height];
        for (int k = 0; k < boxes.Length; k++)
            for (int y = (int)boxes[k][1]; y < Math.Min(height, (int)Math.Ceiling(boxes[k][3])); y++)
                for (int x = (int)boxes[k][0]; x < Math.Min(width, (int)Math.Ceiling(boxes[k][2])); x++) masks[(k * height + y) * width + x] = 1;
        var targets = new ImageInstances(boxes.SelectMany(b => b).ToArray(), boxes.Select((_, k) => (long)k).ToArray(), masks, width, height);
        return new DetectionSample(DecodedImage.Create(pixels, width, height, 3), targets);
    }

    [Fact]
    public void ResizeKeepsTheRatioAndScalesBoxesAndMasks()
    {
        // 4 x 2 to (long 8, short 4): factor min(8 / 4, 4 / 2) = 2, so 8 x 4, padded to 32 x 32.
        var prepared = new DetectionTransform(Fixed(8, 4), Plain).Apply(Sample(4, 2, [1, 0, 3, 2]), 0, 0, 0);
        Assert.Equal(new PipelineMeta(0, 4, 2, 8, 4, 32, 32, 2f, 2f, false), prepared.Meta);
        Assert.Equal([2f, 0, 6, 4], prepared.Targets.Boxes);
        Assert.Equal((32, 32), (prepared.Targets.Width, prepared.Targets.Height));
        var mask = prepared.Targets.Mask(0);
        for (int y = 0; y < 32; y++)
            for (int x = 0; x < 32; x++) Assert.Equal(x is >= 2 and < 6 && y < 4 ? 1 : 0, mask[y * 32 + x]); // nearest: x' / 2
        Assert.Equal(1 * 32 * 32, prepared.Chw.Length);
        Assert.All(prepared.Chw.Skip(8).Take(24), v => Assert.Equal(0f, v)); // padding right of row 0
        Assert.All(prepared.Chw.Skip(4 * 32), v => Assert.Equal(0f, v));     // rows 4 and below
    }

    [Fact]
    public void UnequalFactorsFollowTheRoundedSize()
    {
        // 3 x 2 to (5, 4): factor min(5 / 3, 4 / 2) = 5 / 3; width int(5.5) = 5, height int(3.83) = 3: factors 5 / 3 and 3 / 2.
        var prepared = new DetectionTransform(Fixed(5, 4, divisor: 4), Plain).Apply(Sample(3, 2, [0, 0, 2, 2]), 0, 0, 0);
        Assert.Equal((5, 3, 8, 4), (prepared.Meta.Width, prepared.Meta.Height, prepared.Meta.PadWidth, prepared.Meta.PadHeight));
        Assert.Equal((float)(5.0 / 3), prepared.Meta.ScaleX);
        Assert.Equal(1.5f, prepared.Meta.ScaleY);
        Assert.Equal([0f, 0, 2f * (float)(5.0 / 3), 3], prepared.Targets.Boxes);
    }

    [Fact]
    public void ScaledBoxesAreClippedToTheResizedImage()
    {
        var prepared = new DetectionTransform(Fixed(8, 4), Plain).Apply(Sample(4, 2, [3, 1, 4.25f, 2.5f]), 0, 0, 0);
        Assert.Equal([6f, 2, 8, 4], prepared.Targets.Boxes); // 8.5 and 5 clipped to 8 x 4
    }

    [Fact]
    public void FlipMirrorsImageBoxesAndMasksAcrossTheResizedWidth()
    {
        var prepared = new DetectionTransform(Fixed(8, 4, flip: 1), Plain).Apply(Sample(4, 2, [0, 0, 1, 1]), 0, 0, 0);
        Assert.True(prepared.Meta.Flipped);
        Assert.Equal([6f, 0, 8, 2], prepared.Targets.Boxes); // [0, 0, 2, 2] at 8 x 4: x1' = 8 - 2, x2' = 8 - 0
        var mask = prepared.Targets.Mask(0);
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1], mask[..8].ToArray());
        Assert.Equal([0, 0, 0, 0, 0, 0, 1, 1], mask.Slice(32, 8).ToArray());
        Assert.Equal(0, mask[64 + 6]);
        // The image's rightmost resized column holds what was the leftmost: pixel (0, 0) of the source is 5.
        Assert.Equal(5 / 255f, prepared.Chw[7], 4);
        Assert.Equal(new[] { 0f, 0, 1, 1 }, prepared.Meta.ToOriginal(prepared.Targets.Boxes));
    }

    [Fact]
    public void RangeModeDrawsBothEdgesWithinTheirRangesPerImage()
    {
        var options = new DetectionAugmentOptions { LongMin = 20, LongMax = 40, ShortMin = 10, ShortMax = 30, FlipP = 0.5, Photometric = false, SizeDivisor = 32 };
        var transform = new DetectionTransform(options, Plain);
        var sample = Sample(10, 10, [2, 2, 6, 6]);
        var sides = new HashSet<int>();
        int flips = 0;
        for (int index = 0; index < 200; index++)
        {
            var meta = transform.Apply(sample, index, 7, 0).Meta;
            Assert.Equal(meta.Width, meta.Height); // a square stays square: its side is min(long, short)
            Assert.InRange(meta.Width, 10, 30);
            sides.Add(meta.Width);
            flips += meta.Flipped ? 1 : 0;
        }
        Assert.True(sides.Count > 15, $"{sides.Count} distinct sides");
        Assert.Contains(10, sides);
        Assert.InRange(flips, 70, 130);
        Assert.Equal(transform.Apply(sample, 5, 7, 1).Chw, transform.Apply(sample, 5, 7, 1).Chw); // (seed, epoch, index) decide
        Assert.Contains(Enumerable.Range(0, 20), i => transform.Apply(sample, i, 7, 1).Meta != transform.Apply(sample, i, 7, 2).Meta); // and epochs differ
    }

    [Fact]
    public void PhotometricDistortionChangesTheImageOnly()
    {
        var options = new DetectionAugmentOptions { LongMin = 16, LongMax = 24, ShortMin = 8, ShortMax = 24, FlipP = 0.5, Photometric = false, SizeDivisor = 8 };
        var rgb = new ModelInput(new ChannelStats([0f, 0, 0], [1f, 1, 1]));
        var sample = Sample(6, 4, [1, 1, 4, 3]);
        int changed = 0;
        for (int index = 0; index < 20; index++)
        {
            var plain = new DetectionTransform(options, rgb).Apply(sample, index, 3, 0);
            var jittered = new DetectionTransform(options with { Photometric = true }, rgb).Apply(sample, index, 3, 0);
            Assert.Equal(plain.Meta, jittered.Meta);
            Assert.Equal(plain.Targets.Boxes, jittered.Targets.Boxes);
            Assert.Equal(plain.Targets.Masks, jittered.Targets.Masks);
            changed += plain.Chw.SequenceEqual(jittered.Chw) ? 0 : 1;
        }
        Assert.True(changed > 10);
    }

    [Fact]
    public void CollatePadsImagesAndMasksToTheLargestInTheBatch()
    {
        var transform = new DetectionTransform(Fixed(40, 40, divisor: 8), Plain);
        var wide = transform.Apply(Sample(10, 5, [0, 0, 2, 2], [5, 1, 10, 5]), 3, 0, 0);   // 40 x 20, padded 40 x 24
        var tall = transform.Apply(Sample(3, 6, []), 8, 0, 0);                             // 20 x 40
        using var batch = DetectionBatch.Collate([wide, tall]);
        Assert.Equal([2L, 1, 40, 40], batch.Images.shape);
        Assert.Equal([3, 8], batch.Indices);
        Assert.Equal([2L, 4], batch.Targets[0].Boxes.shape);
        Assert.Equal([0f, 0, 8, 8, 20, 4, 40, 20], batch.Targets[0].Boxes.data<float>().ToArray());
        Assert.Equal([0L, 1], batch.Targets[0].Labels.data<long>().ToArray());
        Assert.Equal(TorchSharp.torch.ScalarType.Int64, batch.Targets[0].Labels.dtype);
        Assert.Equal([2L, 40, 40], batch.Targets[0].Masks.shape);
        Assert.Equal(TorchSharp.torch.ScalarType.Byte, batch.Targets[0].Masks.dtype);
        Assert.Equal(8 * 8 + 16 * 20, batch.Targets[0].Masks.sum().item<long>());
        Assert.Equal([0L, 4], batch.Targets[1].Boxes.shape);
        Assert.Equal([0L, 40, 40], batch.Targets[1].Masks.shape);
        var images = batch.Images.data<float>().ToArray();
        Assert.Equal(wide.Chw[41], images[41]);                 // row 1 of the wide image
        Assert.All(images.Skip(24 * 40).Take(16 * 40), v => Assert.Equal(0f, v)); // below its padded 24 rows
        Assert.Equal(tall.Chw[24 + 1], images[40 * 40 + 40 + 1]); // row 1 of the tall image (padded to 24 wide in its own array)
    }
}
