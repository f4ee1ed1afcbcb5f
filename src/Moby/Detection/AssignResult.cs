using Moby.Torch;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's AssignResult: per box, <c>GtInds</c> (0 = negative, -1 = ignored, i + 1 = assigned to ground truth i),
/// <c>MaxOverlaps</c> (its best IoU with any ground truth) and <c>Labels</c> (the class of its ground truth, -1 when
/// not positive). Its tensors belong to the dispose scope that was current when they were made.
/// </summary>
internal sealed class AssignResult(long numGts, Tensor gtInds, Tensor maxOverlaps, Tensor labels)
{
    public long NumGts { get; } = numGts;
    public Tensor GtInds { get; private set; } = gtInds;
    public Tensor MaxOverlaps { get; private set; } = maxOverlaps;
    public Tensor Labels { get; private set; } = labels;

    /// <summary>mmdet's add_gt_: the ground truths become the first boxes, each assigned to itself with IoU 1.</summary>
    public void AddGt(Tensor gtLabels)
    {
        GtInds = cat([Arange(1, NumGts + 1, ScalarType.Int64, GtInds.device), GtInds]);
        MaxOverlaps = cat([ones(NumGts, dtype: MaxOverlaps.dtype, device: MaxOverlaps.device), MaxOverlaps]);
        Labels = cat([gtLabels.to(ScalarType.Int64), Labels]);
    }
}
