using Moby.Detection;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>mmdet's MaxIoUAssigner and RandomSampler on hand-made boxes whose IoUs are computed by hand.</summary>
public class AssignerSamplerTests
{
    private static readonly float[] Gts = [0, 0, 10, 10, 20, 20, 30, 30];

    // IoU with its nearest ground truth: 1, 0.5, 0.2, 0.64 (the best for gt 1), 0, 0.6
    private static readonly float[] Boxes = [0, 0, 10, 10, 0, 0, 10, 5, 0, 0, 10, 2, 22, 22, 30, 30, 50, 50, 60, 60, 20, 20, 30, 26];

    private static Tensor T(float[] values) => tensor(values).view(-1, 4);

    [Fact]
    public void RpnThresholdsLeaveTheMiddleIgnoredAndMatchEachGroundTruthsBestBox()
    {
        using var scope = NewDisposeScope();
        var result = MaxIoUAssigner.Rpn.Assign(T(Boxes), T(Gts), tensor(new long[] { 3, 7 }));
        Assert.Equal([1L, -1, 0, 2, 0, -1], result.GtInds.data<long>().ToArray());   // 0.64 < 0.7, but it is gt 1's best (>= 0.3)
        Assert.Equal([3L, -1, -1, 7, -1, -1], result.Labels.data<long>().ToArray());
        TensorAssert.RelativeClose(tensor(new[] { 1f, 0.5f, 0.2f, 0.64f, 0f, 0.6f }), result.MaxOverlaps, 1e-6, "max overlaps");
    }

    [Fact]
    public void RcnnThresholdsMakeHalfOverlapsPositive()
    {
        using var scope = NewDisposeScope();
        var result = MaxIoUAssigner.Rcnn.Assign(T(Boxes), T(Gts), tensor(new long[] { 3, 7 }));
        Assert.Equal([1L, 1, 0, 2, 0, 2], result.GtInds.data<long>().ToArray());
    }

    [Fact]
    public void EveryBoxTiedAtAGroundTruthsBestIoUIsMatched()
    {
        using var scope = NewDisposeScope();
        var result = MaxIoUAssigner.Rpn.Assign(T([0, 0, 10, 6, 0, 4, 10, 10, 0, 0, 10, 1]), T([0, 0, 10, 10]), null);
        Assert.Equal([1L, 1, 0], result.GtInds.data<long>().ToArray());   // both at 0.6 (gt_max_assign_all); 0.1 negative
        var strict = (MaxIoUAssigner.Rpn with { MatchLowQuality = false }).Assign(T([0, 0, 10, 6, 0, 4, 10, 10, 0, 0, 10, 1]), T([0, 0, 10, 10]), null);
        Assert.Equal([-1L, -1, 0], strict.GtInds.data<long>().ToArray());
    }

    [Fact]
    public void WithoutGroundTruthEveryBoxIsNegative()
    {
        using var scope = NewDisposeScope();
        var result = MaxIoUAssigner.Rcnn.Assign(T(Boxes), zeros(0, 4), zeros(0, dtype: ScalarType.Int64));
        Assert.Equal(new long[6], result.GtInds.data<long>().ToArray());
    }

    [Fact]
    public void SamplerDrawsItsShareOfPositivesAndFillsWithNegativesReproducibly()
    {
        using var scope = NewDisposeScope();
        // 10 boxes on the ground truth (positive), 50 far from it (negative)
        var boxes = cat([tensor(new float[] { 0, 0, 10, 10 }).repeat(10, 1), tensor(new float[] { 50, 50, 60, 60 }).repeat(50, 1)]);
        var gt = T([0, 0, 10, 10]);
        SamplingResult Draw(ulong seed) => new RandomSampler(16, 0.5, false).Sample(MaxIoUAssigner.Rpn.Assign(boxes, gt, null), boxes, gt, null, new Generator(seed));
        var first = Draw(1);
        Assert.Equal(8, first.NumPos);
        Assert.Equal(8, first.NumNeg);
        var pos = first.PosInds.data<long>().ToArray();
        var neg = first.NegInds.data<long>().ToArray();
        Assert.All(pos, i => Assert.InRange(i, 0, 9));
        Assert.All(neg, i => Assert.InRange(i, 10, 59));
        Assert.Equal(pos.Order(), pos);                        // ascending, as mmdet's unique
        Assert.Equal(neg.Distinct().Count(), neg.Length);
        Assert.Equal(neg, Draw(1).NegInds.data<long>().ToArray());
        Assert.NotEqual(neg, Draw(2).NegInds.data<long>().ToArray());
    }

    [Fact]
    public void FewPositivesLeaveTheirPlacesToNegatives()
    {
        using var scope = NewDisposeScope();
        var boxes = cat([tensor(new float[] { 0, 0, 10, 10 }).repeat(3, 1), tensor(new float[] { 50, 50, 60, 60 }).repeat(50, 1)]);
        var gt = T([0, 0, 10, 10]);
        var sample = new RandomSampler(16, 0.5, false).Sample(MaxIoUAssigner.Rpn.Assign(boxes, gt, null), boxes, gt, null, new Generator(0));
        Assert.Equal(3, sample.NumPos);
        Assert.Equal(13, sample.NumNeg);
    }

    [Fact]
    public void GroundTruthsAddedAsProposalsComeFirstAndArePositive()
    {
        using var scope = NewDisposeScope();
        var proposals = T([50, 50, 60, 60, 51, 50, 60, 60]);
        var gt = T(Gts);
        var labels = tensor(new long[] { 4, 1 });
        var assign = MaxIoUAssigner.Rcnn.Assign(proposals, gt, labels);
        var sample = new RandomSampler(512, 0.25, true).Sample(assign, proposals, gt, labels, new Generator(0));
        Assert.Equal([0L, 1], sample.PosInds.data<long>().ToArray());
        Assert.Equal([2L, 3], sample.NegInds.data<long>().ToArray());
        Assert.Equal([true, true], sample.PosIsGt.data<bool>().ToArray());
        Assert.Equal([4L, 1], sample.PosGtLabels.data<long>().ToArray());
        TensorAssert.Equal(gt, sample.PosGtBoxes, "their own boxes");
        TensorAssert.Equal(proposals, sample.NegBoxes, "negatives");
    }
}
