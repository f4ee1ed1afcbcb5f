using System.Text.Json;
using Moby.Detection;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>
/// The ops TorchSharp lacks, against torchvision 0.14 / torch 1.13 (Debian's python3-torchvision), computed once into
/// Reference/detection_ops.safetensors: roi_align forward and input gradient (six settings, nine RoIs on a 2 x 3 x 9 x 11
/// batch: inside, across the border, outside, zero-sized, larger than the map), nms and batched_nms (60 clustered boxes,
/// three groups, thresholds 0.3 / 0.5 / 0.7), box_iou, mmdet's _do_paste_mask (its code run on four 28 x 28 maps into a
/// 37 x 160 image, boxes partly outside, one over 56 px wide, where the span matters) and F.interpolate nearest (FPN's top-down path at odd sizes).
/// </summary>
public class DetectionOpsReferenceTests
{
    private static GoldenFile Reference() => GoldenFile.InRepository("tests/Moby.Tests/Detection/Reference/detection_ops.safetensors");

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    [InlineData("c")]
    [InlineData("d")]
    [InlineData("e")]
    [InlineData("f")]
    public void RoIAlignMatchesTorchvisionForwardAndBackward(string name)
    {
        using var reference = Reference();
        using var scope = NewDisposeScope();
        var setting = JsonDocument.Parse(reference.Metadata[$"roi_{name}"]).RootElement;
        var align = new RoIAlign(setting.GetProperty("output").GetInt32(), setting.GetProperty("scale").GetDouble(),
                                 setting.GetProperty("sampling_ratio").GetInt32(), setting.GetProperty("aligned").GetBoolean());
        var input = reference["roi_input"].clone().requires_grad_(true);
        var output = align.Forward(input, reference["roi_rois"]);
        TensorAssert.RelativeClose(reference[$"roi_{name}_out"], output, 1e-5, $"roi_align {name}");
        (output * reference[$"roi_{name}_upstream"]).sum().backward();
        TensorAssert.RelativeClose(reference[$"roi_{name}_grad"], input.grad!, 1e-5, $"roi_align {name} gradient");
    }

    [Fact]
    public void RoIAlignGivesZerosForRoIsOutsideOrEmpty()
    {
        using var reference = Reference();
        using var scope = NewDisposeScope();
        var output = new RoIAlign(7, 1.0).Forward(reference["roi_input"], reference["roi_rois"]);
        Assert.Equal(0, output[4].abs().sum().item<float>());   // zero-sized
        Assert.Equal(0, output[6].abs().sum().item<float>());   // wholly outside
        Assert.True(output[0].abs().sum().item<float>() > 0);
    }

    [Fact]
    public void RoIAlignSplitsWideMapsIntoCallsWithoutChangingTheResult()
    {
        using var scope = NewDisposeScope();
        // 65,536 channels leave 256 samples per grid_sample call: five 7 x 7 RoIs (one sample per bin) per call, two images
        var input = randn(2, 1 << 16, 4, 4, generator: new Generator(5));
        var rois = cat([randint(0, 2, [12, 1], generator: new Generator(6)).to(ScalarType.Float32), rand(12, 2, generator: new Generator(7)) * 8,
                        rand(12, 2, generator: new Generator(8)) * 8 + 8], 1);
        var align = new RoIAlign(7, 0.25);
        var together = align.Forward(input, rois);
        var alone = cat(Enumerable.Range(0, 12).Select(i => align.Forward(input, rois[i..(i + 1)])).ToArray());
        TensorAssert.RelativeClose(alone, together, 1e-6, "chunked");
    }

    [Fact]
    public void RoIAlignRefusesARoIOfAnotherImage()
    {
        using var scope = NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => new RoIAlign(7, 1.0).Forward(zeros(1, 2, 5, 5), tensor(new float[] { 1, 0, 0, 2, 2 }).view(1, 5)));
        Assert.Contains("image 1", e.Message);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(7)]
    public void NmsMatchesTorchvision(int tenths)
    {
        using var reference = Reference();
        double threshold = tenths / 10.0;
        var boxes = reference["nms_boxes"];
        var scores = reference["nms_scores"];
        Assert.Equal(reference[$"nms_keep_{tenths}"].data<long>().ToArray(), Nms.Keep(boxes, scores, threshold));
        Assert.Equal(reference[$"batched_keep_{tenths}"].data<long>().ToArray(), Nms.Batched(boxes, scores, reference["nms_groups"], threshold));
    }

    [Fact]
    public void OverlapsMatchTorchvisionBoxIou()
    {
        using var reference = Reference();
        using var scope = NewDisposeScope();
        var boxes = reference["nms_boxes"];
        TensorAssert.RelativeClose(reference["iou"], BBoxOps.Overlaps(boxes[..20], boxes[20..45]), 1e-6, "IoU");
    }

    [Fact]
    public void MaskPasteMatchesMmdet()
    {
        using var reference = Reference();
        using var scope = NewDisposeScope();
        var pasted = MaskPaste.Paste(reference["paste_masks"], reference["paste_boxes"], 37, 160);
        TensorAssert.RelativeClose(reference["paste_out"], pasted, 1e-5, "pasted masks");
    }

    /// <summary>With a threshold the masks come back as bytes, pasted a few at a time (one per call on a large image).</summary>
    [Fact]
    public void ThresholdedPastingGivesTheThresholdedProbabilitiesAsBytes()
    {
        using var reference = Reference();
        using var scope = NewDisposeScope();
        var masks = reference["paste_masks"];
        var small = MaskPaste.Paste(masks, reference["paste_boxes"], 37, 160, threshold: 0.5);
        Assert.Equal(ScalarType.Byte, small.dtype);
        TensorAssert.Equal((reference["paste_out"] >= 0.5).to(ScalarType.Byte), small, "thresholded masks");
        var boxes = reference["paste_boxes"] * 20; // a 2 MP image: one mask per call
        var soft = MaskPaste.Paste(masks, boxes, 740, 3200);
        var hard = MaskPaste.Paste(masks, boxes, 740, 3200, threshold: 0.5);
        Assert.True(masks.shape[0] > 1);
        TensorAssert.Equal((soft >= 0.5).to(ScalarType.Byte), hard, "large image");
        Assert.True(hard.sum().item<long>() > 0);
    }

    [Fact]
    public void NearestUpsamplingOfTheTopDownPathMatchesPyTorch()
    {
        using var reference = Reference();
        using var scope = NewDisposeScope();
        var up = nn.functional.interpolate(reference["nearest_in"], size: [9, 11], mode: InterpolationMode.Nearest);
        TensorAssert.Equal(reference["nearest_out"], up, "nearest");
    }
}
