using Moby.Config;
using Moby.Runs;
using Moby.Segmentation;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Segmentation;

/// <summary>mmseg's slide inference on a case worked out by hand, and the test pipeline's settings.</summary>
public class SlidingWindowTests
{
    [Fact]
    public void OverlappingCropsAreAveragedWhereTheyOverlap()
    {
        using var scope = NewDisposeScope();
        // A 5 x 7 image, crops of 4 every 3 pixels: rows [0, 4) and [1, 5) (the second moved back to end at the border),
        // columns [0, 4) and [3, 7); crops numbered 1 to 4 row by row.
        var image = arange(35, dtype: ScalarType.Float32).view(1, 1, 5, 7);
        int crops = 0;
        Tensor Fake(Tensor crop)
        {
            Assert.Equal([1, 1, 4, 4], crop.shape);
            crops++;
            // Class 0: the crop's number everywhere in it; class 1: the pixels it was given (checks where each crop goes).
            return cat([full_like(crop, crops), crop], 1);
        }
        var logits = new SlidingWindow(4, 3).Logits(Fake, 2, image);
        Assert.Equal(4, crops);
        float[,] expected =
        {
            { 1, 1, 1, 1.5f, 2, 2, 2 },            // row 0: crops 1, 2 only; column 3 in both
            { 2, 2, 2, 2.5f, 3, 3, 3 },            // rows 1-3: crops {1, 3} | {1, 2, 3, 4} | {2, 4}
            { 2, 2, 2, 2.5f, 3, 3, 3 },
            { 2, 2, 2, 2.5f, 3, 3, 3 },
            { 3, 3, 3, 3.5f, 4, 4, 4 },            // row 4: crops 3, 4 only
        };
        TensorAssert.RelativeClose(tensor(expected), logits[0, 0], 1e-6, "averaged crop numbers");
        TensorAssert.RelativeClose(image[0, 0], logits[0, 1], 1e-6, "each crop's logits in their place");
    }

    [Fact]
    public void CropsGoThroughTheModelTogetherUpToTheForwardPixels()
    {
        using var scope = NewDisposeScope();
        var image = arange(35, dtype: ScalarType.Float32).view(1, 1, 5, 7);
        var shapes = new List<long[]>();
        Tensor Echo(Tensor crops)
        {
            shapes.Add(crops.shape);
            return crops * 2;
        }
        // Four crops of 4 x 4 = 16 pixels; 40 pixels a forward: two crops at a time.
        var logits = new SlidingWindow(4, 3, ForwardPixels: 40).Logits(Echo, 1, image);
        Assert.Equal([[2, 1, 4, 4], [2, 1, 4, 4]], shapes);
        TensorAssert.RelativeClose(image * 2, logits, 1e-6, "each crop's logits in their place");
    }

    [Theory]
    [InlineData(100, 8, null)]              // 100 x 100, within the bound: whole-image inference
    [InlineData(101, 24, 16)]               // 101 x 100, above it: the sliding window, the stride cut to the crop
    [InlineData(101, 8, 8)]
    public void WholeImageInferenceGivesWayToTheWindowAboveTheBound(int width, int stride, int? expectedStride)
    {
        var tree = ConfigTree.Load(null, ["MOBYNET.SEG.TEST_MODE=whole", "MOBYNET.SEG.CROP_SIZE=16", $"MOBYNET.SEG.TEST_STRIDE={stride}",
                                          "MOBYNET.SEG.TEST_MAX_PIXELS=10000"]);
        var predictor = SegmentationRecipe.Predictor(tree, SegmentationRecipe.Input(1), TestMemory.TwoGiBPerImage);
        var window = predictor.Bounds.ForWhole(new Moby.Data.ImageBuffer().Reset(width, 100, 1));
        Assert.Equal(expectedStride is null ? null : new SlidingWindow(16, expectedStride.Value, 10000), window);
    }

    [Fact]
    public void AnImageWhoseClassScoresPassTheBoundIsRefusedNamingIt()
    {
        // 4000 x 3000 pixels x 150 classes x 4 bytes: 6.7 GiB of scores.
        var bounds = InferenceBounds.None with { MaxLogitsBytes = 2L << 30 };
        var e = Assert.Throws<Moby.Data.DataException>(() => bounds.RequireLogitsWithin("photo.jpg", (4000, 3000), (2048, 1536), 150));
        Assert.Equal("image 'photo.jpg' (4000 x 3000) needs 6866 MiB of class scores (150 classes x its pixels x 4 bytes), more than " +
                     "the 2048 MiB segmentation inference holds per image: resize it", e.Message);
        bounds.RequireLogitsWithin("photo.jpg", (4000, 3000), (2048, 1536), 11);
    }

    [Theory]
    [InlineData("whole", 0, 0, 0)]
    [InlineData("slide", 0, 48, 20)]   // TEST_CROP_SIZE 0: the training crop
    [InlineData("slide", 24, 24, 20)]
    public void TheTestPipelineTakesModeCropAndStrideFromTheConfiguration(string mode, int testCrop, int crop, int stride)
    {
        var tree = ConfigTree.Load(null, [$"MOBYNET.SEG.TEST_MODE={mode}", $"MOBYNET.SEG.TEST_CROP_SIZE={testCrop}", "MOBYNET.SEG.CROP_SIZE=48",
                                          "MOBYNET.SEG.TEST_STRIDE=20"]);
        var slide = SegmentationRecipe.Predictor(tree, SegmentationRecipe.Input(1), TestMemory.TwoGiBPerImage).Slide;
        Assert.Equal(mode == "whole" ? null : new SlidingWindow(crop, stride, 1 << 20), slide);
    }
}
