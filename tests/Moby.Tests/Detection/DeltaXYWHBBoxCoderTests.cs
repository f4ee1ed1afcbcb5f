using Moby.Detection;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>mmdet's box coder on hand-computed deltas: encoding, the R-CNN stds, the round trip, the clamp and the clip.</summary>
public class DeltaXYWHBBoxCoderTests
{
    private static readonly float Ln2 = MathF.Log(2);

    [Fact]
    public void EncodesCentreShiftsOverSizesAndLogSizeRatios()
    {
        using var scope = NewDisposeScope();
        var proposals = tensor(new float[] { 0, 0, 10, 20, 0, 0, 10, 20 }).view(2, 4);   // centre (5, 10), 10 x 20
        var targets = tensor(new float[] { 2, 4, 12, 24, 0, 0, 20, 10 }).view(2, 4);     // centres (7, 14) and (10, 5)
        var expected = tensor(new[] { 0.2f, 0.2f, 0, 0, 0.5f, -0.25f, Ln2, -Ln2 }).view(2, 4);
        TensorAssert.RelativeClose(expected, DeltaXYWHBBoxCoder.Rpn().Encode(proposals, targets), 1e-6, "RPN deltas");
        var scaled = tensor(new[] { 2f, 2f, 0, 0, 5f, -2.5f, Ln2 / 0.2f, -Ln2 / 0.2f }).view(2, 4);
        TensorAssert.RelativeClose(scaled, DeltaXYWHBBoxCoder.Rcnn().Encode(proposals, targets), 1e-6, "R-CNN deltas (stds 0.1, 0.1, 0.2, 0.2)");
    }

    [Fact]
    public void DecodingInvertsEncoding()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(3);
        var corners = rand(50, 2, generator: generator) * 40;
        var boxes = cat([corners, corners + rand(50, 2, generator: generator) * 30 + 1], 1);
        var targets = cat([corners + 3, corners + rand(50, 2, generator: generator) * 30 + 5], 1);
        foreach (var coder in new[] { DeltaXYWHBBoxCoder.Rpn(), DeltaXYWHBBoxCoder.Rcnn() })
            TensorAssert.RelativeClose(targets, coder.Decode(boxes, coder.Encode(boxes, targets)), 1e-5, "round trip");
    }

    [Fact]
    public void DecodingClampsTheSizeRatioAndClipsToTheImage()
    {
        using var scope = NewDisposeScope();
        var coder = DeltaXYWHBBoxCoder.Rpn();
        var box = tensor(new float[] { 0, 0, 2, 2 }).view(1, 4);
        var grown = coder.Decode(box, tensor(new float[] { 0, 0, 10, -10 }).view(1, 4));
        // dw = 10 is clamped to log(1000 / 16): width 2 x 62.5 = 125 about the centre 1; dh = -10 to a height of 2 / 62.5
        TensorAssert.RelativeClose(tensor(new[] { 1 - 62.5f, 1 - 1 / 62.5f, 1 + 62.5f, 1 + 1 / 62.5f }).view(1, 4), grown, 1e-5, "clamped");
        var clipped = coder.Decode(box, tensor(new float[] { 0, 0, 10, 10 }).view(1, 4), (15, 12));
        TensorAssert.RelativeClose(tensor(new float[] { 0, 0, 12, 15 }).view(1, 4), clipped, 1e-7, "clipped to width 12, height 15");
    }

    [Fact]
    public void DecodesOneBoxPerClass()
    {
        using var scope = NewDisposeScope();
        var box = tensor(new float[] { 0, 0, 10, 20 }).view(1, 4);
        var deltas = tensor(new float[] { 0, 0, 0, 0, 2, 2, 0, 0 }).view(1, 8);
        var expected = tensor(new float[] { 0, 0, 10, 20, 2, 4, 12, 24 }).view(1, 8);
        TensorAssert.RelativeClose(expected, DeltaXYWHBBoxCoder.Rcnn().Decode(box, deltas), 1e-6, "two classes");
    }
}
