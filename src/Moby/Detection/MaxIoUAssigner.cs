using Moby.Torch;
using TorchSharp;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's MaxIoUAssigner (no ignored boxes, gt_max_assign_all): a box whose best IoU is below <c>NegIouThr</c> is
/// negative, at or above <c>PosIouThr</c> positive (its best ground truth); with <c>MatchLowQuality</c>, each ground
/// truth then also takes every box that reaches its own best IoU when that is at least <c>MinPosIou</c> (later ground
/// truths win). The RPN uses 0.7 / 0.3 / 0.3, the R-CNN stage 0.5 / 0.5 / 0.5, both with low-quality matches.
/// </summary>
internal sealed record MaxIoUAssigner(double PosIouThr, double NegIouThr, double MinPosIou, bool MatchLowQuality = true)
{
    private static readonly Scalar MinusOne = Scalars.Of(-1L);

    public static MaxIoUAssigner Rpn { get; } = new(0.7, 0.3, 0.3);
    public static MaxIoUAssigner Rcnn { get; } = new(0.5, 0.5, 0.5);

    /// <summary>Assigns boxes [N, 4+] (columns beyond 4, such as scores, are ignored) to ground truths [G, 4].</summary>
    public AssignResult Assign(Tensor boxes, Tensor gtBoxes, Tensor? gtLabels)
    {
        using var scope = NewDisposeScope();
        long n = boxes.shape[0], g = gtBoxes.shape[0];
        var device = boxes.device;
        if (g == 0 || n == 0)
        {
            // No ground truth: every box is background; no boxes: nothing to assign.
            var none = zeros(n, dtype: ScalarType.Int64, device: device);
            var noOverlap = zeros(n, dtype: ScalarType.Float32, device: device);
            var noLabel = full(n, MinusOne, dtype: ScalarType.Int64, device: device);
            return Keep(g, none, noOverlap, noLabel);
        }
        var overlaps = BBoxOps.Overlaps(gtBoxes, boxes[.., ..4]);   // [G, N]
        var (maxOverlaps, argmax) = overlaps.max(0);
        var (gtMax, _) = overlaps.max(1);
        using var negIouThr = Scalars.Of(NegIouThr);
        using var posIouThr = Scalars.Of(PosIouThr);
        var assigned = full(n, MinusOne, dtype: ScalarType.Int64, device: device);
        assigned.masked_fill_((maxOverlaps >= Zero) & (maxOverlaps < negIouThr), Zero);
        var positive = maxOverlaps >= posIouThr;
        assigned = where(positive, argmax.add(One, alpha: One), assigned);
        if (MatchLowQuality)
        {
            var gtMaxValues = HostCopy.Floats(gtMax);
            for (int i = 0; i < g; i++)
                if (gtMaxValues[i] >= MinPosIou)
                {
                    using var best = Scalars.Of(gtMaxValues[i]);
                    using var gtInd = Scalars.Of(i + 1);
                    assigned.masked_fill_(overlaps[i] == best, gtInd);
                }
        }
        var labels = full(n, MinusOne, dtype: ScalarType.Int64, device: device);
        if (gtLabels is not null)
        {
            var pos = assigned > Zero;
            var gathered = gtLabels.index_select(0, assigned.sub(One).clamp_min(Zero));
            labels = where(pos, gathered, labels);
        }
        return Keep(g, assigned, maxOverlaps, labels);
    }

    private static AssignResult Keep(long g, Tensor gtInds, Tensor maxOverlaps, Tensor labels) =>
        new(g, gtInds.MoveToOuterDisposeScope(), maxOverlaps.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
}
