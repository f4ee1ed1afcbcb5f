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
            var noLabel = full(n, -1L, dtype: ScalarType.Int64, device: device);
            return Keep(g, none, noOverlap, noLabel);
        }
        var overlaps = BBoxOps.Overlaps(gtBoxes, boxes[.., ..4]);   // [G, N]
        var (maxOverlaps, argmax) = overlaps.max(0);
        var (gtMax, _) = overlaps.max(1);
        var assigned = full(n, -1L, dtype: ScalarType.Int64, device: device);
        assigned.masked_fill_((maxOverlaps >= 0) & (maxOverlaps < NegIouThr), 0);
        var positive = maxOverlaps >= PosIouThr;
        assigned = where(positive, argmax + 1, assigned);
        if (MatchLowQuality)
        {
            var gtMaxValues = HostCopy.Floats(gtMax);
            for (int i = 0; i < g; i++)
                if (gtMaxValues[i] >= MinPosIou)
                    assigned.masked_fill_(overlaps[i] == gtMaxValues[i], i + 1);
        }
        var labels = full(n, -1L, dtype: ScalarType.Int64, device: device);
        if (gtLabels is not null)
        {
            var pos = assigned > 0;
            var gathered = gtLabels.index_select(0, (assigned - 1).clamp_min(0));
            labels = where(pos, gathered, labels);
        }
        return Keep(g, assigned, maxOverlaps, labels);
    }

    private static AssignResult Keep(long g, Tensor gtInds, Tensor maxOverlaps, Tensor labels) =>
        new(g, gtInds.MoveToOuterDisposeScope(), maxOverlaps.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
}
