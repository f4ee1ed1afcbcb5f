using Moby.Detection;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>The RoI extractor's level mapping, the RPN's proposals, per-class NMS and the losses, on hand-made inputs.</summary>
public class RoIHeadPiecesTests
{
    [Fact]
    public void RoIsGoToLevelsByScale()
    {
        using var scope = NewDisposeScope();
        var extractor = new SingleRoIExtractor(7, [4, 8, 16, 32], 56);
        // sqrt(area) 50 and 111.9 -> level 0; 112 -> 1 (log2(2 + 1e-6)); 224 -> 2; 500 -> 3; 1000 -> clamped to 3
        var rois = tensor(new float[] { 0, 0, 0, 50, 50, 0, 0, 0, 111.9f, 111.9f, 0, 0, 0, 112, 112, 0, 0, 0, 224, 224, 0, 0, 0, 500, 500, 0, 0, 0, 1000, 1000 }).view(-1, 5);
        Assert.Equal([0L, 0, 1, 2, 3, 3], extractor.MapRoiLevels(rois).data<long>().ToArray());
    }

    [Fact]
    public void ExtractedFeaturesComeFromEachRoIsLevel()
    {
        using var scope = NewDisposeScope();
        var extractor = new SingleRoIExtractor(2, [4, 8], 16);
        var features = new[] { ones(1, 1, 8, 8), full(1, 1, 4, 4, 2f), full(1, 1, 2, 2, 5f) };   // the third level is not read
        var rois = tensor(new float[] { 0, 0, 0, 8, 8, 0, 0, 0, 32, 32 }).view(-1, 5);
        var pooled = extractor.Forward(features, rois);
        TensorAssert.Equal(stack([ones(1, 2, 2), full(1, 2, 2, 2f)]), pooled, "level 0 then level 1");
    }

    [Fact]
    public void ProposalsKeepTheBestPerLevelAndSuppressOnlyWithinALevel()
    {
        using var scope = NewDisposeScope();
        // level 0 (stride 4): anchors of side 8 and 4 at (0, 0); level 1 (stride 8): sides 16 and 8. Zero deltas, a 16 x 16
        // image: after clipping, level 0 holds [0,0,4,4] and [0,0,2,2], level 1 [0,0,8,8] and [0,0,4,4] (the same box as level 0's).
        var generator = new AnchorGenerator([4, 8], [1.0], [2, 1]);
        var anchors = generator.GridAnchors([(1, 1), (1, 1)], CPU);
        var scores = new[] { tensor(new float[] { 2, 1 }).view(1, 2, 1, 1), tensor(new float[] { 0, 3 }).view(1, 2, 1, 1) };
        var deltas = new[] { zeros(1, 8, 1, 1), zeros(1, 8, 1, 1) };
        var meta = new[] { ImageMeta.Unscaled(16, 16) };
        var all = RPNProposals.Get(scores, deltas, anchors, meta, new ProposalSettings(10, 10))[0];
        var expected = tensor(new float[] { 0, 0, 4, 4, Sigmoid(3), 0, 0, 4, 4, Sigmoid(2), 0, 0, 2, 2, Sigmoid(1), 0, 0, 8, 8, Sigmoid(0) }).view(4, 5);
        TensorAssert.RelativeClose(expected, all, 1e-6, "all four, by score");
        var best = RPNProposals.Get(scores, deltas, anchors, meta, new ProposalSettings(1, 10))[0];
        TensorAssert.RelativeClose(expected[..2], best, 1e-6, "the best of each level");
        Assert.Equal(3, RPNProposals.Get(scores, deltas, anchors, meta, new ProposalSettings(10, 3))[0].shape[0]);
        var strict = RPNProposals.Get(scores, deltas, anchors, meta, new ProposalSettings(10, 10, NmsIou: 0.2))[0];
        Assert.Equal(2, strict.shape[0]);   // IoU 0.25 within each level now suppresses
    }

    [Fact]
    public void RpnLossesAreMmdetsSumsOverItsSampleCount()
    {
        using var scope = NewDisposeScope();
        // One level, a 2 x 2 map at stride 8, 8 px anchors at (0, 0), (8, 0), (0, 8), (8, 8) (corners): the ground truth
        // [4, 4, 12, 12] is the last anchor (IoU 1); the others do not touch it. Image 1 has no object and is padded to
        // 8 x 16 in its batch: only the first row of cells is valid.
        var generator = new AnchorGenerator([8], [1.0], [1]);
        var anchors = generator.GridAnchors([(2, 2)], CPU);
        var metas = new[] { ImageMeta.Unscaled(16, 16), new ImageMeta(8, 16, 8, 16, 8, 16) };
        var targets = new[]
        {
            new InstanceTargets(tensor(new float[] { 4, 4, 12, 12 }).view(1, 4), tensor(new long[] { 0 }), zeros(1, 16, 16, dtype: ScalarType.Byte)),
            new InstanceTargets(zeros(0, 4), zeros(0, dtype: ScalarType.Int64), zeros(0, 16, 16, dtype: ScalarType.Byte)),
        };
        var scores = new[] { zeros(2, 1, 2, 2) };
        var deltas = new[] { zeros(2, 4, 2, 2) };
        deltas[0][0, 0, 1, 1] = 0.5f;   // dx of image 0's last anchor, the positive
        var loss = new RPNLoss(new RandomSampler(256, 0.5, false));
        var (cls, bbox) = loss.Compute(scores, deltas, anchors, generator, metas, targets, new Generator(0));
        // image 0: 1 positive, 3 negatives; image 1: 2 valid negatives, no positive (counted as 1): 4 + 3 = 7 samples
        Assert.Equal(6 * Math.Log(2) / 7, cls.item<float>(), 6);
        Assert.Equal(0.5 / 7, bbox.item<float>(), 6);
    }

    private static float Sigmoid(float x) => 1 / (1 + MathF.Exp(-x));

    [Fact]
    public void MultiClassNmsFiltersScoresAndSuppressesWithinAClass()
    {
        using var scope = NewDisposeScope();
        // three RoIs, two classes (+ background): row 1's class-0 box overlaps row 0's (IoU 0.81); row 2's class-1 box
        // equals row 1's and scores higher; row 0's class 1 (0.04) is below the threshold.
        var boxes = tensor(new float[] { 0, 0, 10, 10, 0, 0, 10, 10, 1, 1, 10, 10, 0, 0, 10, 10, 5, 5, 6, 6, 0, 0, 10, 10 }).view(3, 8);
        var scores = tensor(new float[] { 0.9f, 0.04f, 0.06f, 0.8f, 0.3f, 0f, 0.02f, 0.6f, 0.38f }).view(3, 3);
        var (detections, labels) = new MultiClassNms().Apply(boxes, scores);
        TensorAssert.RelativeClose(tensor(new float[] { 0, 0, 10, 10, 0.9f, 0, 0, 10, 10, 0.6f }).view(2, 5), detections, 1e-7, "kept");
        Assert.Equal([0L, 1], labels.data<long>().ToArray());
        Assert.Equal(1, new MultiClassNms(MaxPerImg: 1).Apply(boxes, scores).Detections.shape[0]);
    }

    [Fact]
    public void NothingAboveTheThresholdIsNoDetection()
    {
        using var scope = NewDisposeScope();
        var (detections, labels) = new MultiClassNms().Apply(zeros(3, 8), full(3, 3, 0.01f));
        Assert.Equal([0, 5], detections.shape);
        Assert.Equal([0], labels.shape);
        Assert.Empty(Nms.Keep(zeros(0, 4), zeros(0), 0.5));
        Assert.Equal([0, 4, 7, 7], new RoIAlign(7, 1.0).Forward(zeros(1, 4, 8, 8), zeros(0, 5)).shape);
    }

    [Fact]
    public void BoxLossesAreMmdetsAverages()
    {
        using var scope = NewDisposeScope();
        var head = new Shared2FCBBoxHead(1, 1, 4, 3);
        var gt = tensor(new float[] { 0, 0, 10, 10 }).view(1, 4);
        var proposals = tensor(new float[] { 1, 0, 10, 10, 50, 50, 60, 60, 40, 40, 60, 60 }).view(3, 4);
        var labels = tensor(new long[] { 2 });
        var sample = new RandomSampler(8, 0.5, true).Sample(MaxIoUAssigner.Rcnn.Assign(proposals, gt, labels), proposals, gt, labels, new Generator(0));
        Assert.Equal(2, sample.NumPos);   // the ground truth itself and the first proposal
        Assert.Equal(2, sample.NumNeg);
        // Zero logits: cross-entropy log(4) for every RoI. Deltas equal to the targets for the positives' class 2 and
        // garbage elsewhere: no box loss, since only the ground truth class's deltas count.
        var deltas = full(4, 12, 7f);
        var targets = DeltaXYWHBBoxCoder.Rcnn().Encode(sample.PosBoxes, sample.PosGtBoxes);
        deltas[..2, 8..12] = targets;
        var (cls, bbox, accuracy) = head.Loss(zeros(4, 4), deltas, [sample]);
        Assert.Equal(Math.Log(4), cls.item<float>(), 5);
        Assert.Equal(0, bbox.item<float>(), 6);
        deltas[0, 8] = targets[0, 0] + 2;   // one coordinate off by 2: L1 2 over 4 sampled RoIs
        Assert.Equal(0.5, head.Loss(zeros(4, 4), deltas, [sample]).Bbox.item<float>(), 5);
        Assert.Equal(0, accuracy.item<float>(), 4);     // labels 2, 2, 3 (background), 3; equal logits pick class 0
        var logits = zeros(4, 4);
        logits[0, 2] = 1;
        logits[3, 3] = 1;
        Assert.Equal(50, head.Loss(logits, deltas, [sample]).Accuracy.item<float>(), 4);
    }
}
