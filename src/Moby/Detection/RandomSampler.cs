using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's RandomSampler: up to <c>Num</c> x <c>PosFraction</c> positives drawn at random among the assigned ones, the
/// rest of <c>Num</c> negatives (no upper bound on their ratio); each set returned in ascending order (mmdet's unique).
/// With <c>AddGtAsProposals</c> the ground truths are prepended to the boxes first (the R-CNN stage always has
/// positives). Draws come from the caller's generator: the same seed samples the same boxes.
/// The RPN samples 256 at 0.5, the R-CNN stage 512 at 0.25 with the ground truths added.
/// </summary>
internal sealed record RandomSampler(int Num, double PosFraction, bool AddGtAsProposals)
{
    /// <summary>
    /// Samples boxes [N, 4+] given their assignment (which gains the ground truths when they are added). Its tensors
    /// are the current dispose scope's.
    /// </summary>
    public SamplingResult Sample(AssignResult assign, Tensor boxes, Tensor gtBoxes, Tensor? gtLabels, Generator generator)
    {
        var candidates = boxes[.., ..4];
        var gtFlags = zeros(candidates.shape[0], dtype: ScalarType.Bool, device: boxes.device);
        if (AddGtAsProposals && gtBoxes.shape[0] > 0)
        {
            if (gtLabels is null) throw new ArgumentException("Adding ground truths as proposals needs their labels.");
            candidates = cat([gtBoxes.to(candidates.dtype), candidates], 0);
            assign.AddGt(gtLabels);
            gtFlags = cat([ones(gtBoxes.shape[0], dtype: ScalarType.Bool, device: boxes.device), gtFlags]);
        }
        int expectedPos = (int)(Num * PosFraction);
        var pos = Choose((assign.GtInds > Zero).nonzero().view(-1), expectedPos, generator);
        var neg = Choose((assign.GtInds == Zero).nonzero().view(-1), Num - (int)pos.shape[0], generator);
        return new SamplingResult(pos, neg, candidates, gtBoxes, assign, gtFlags);
    }

    /// <summary>mmdet's random_choice when there are more than <paramref name="count"/>; sorted as mmdet's unique.</summary>
    private static Tensor Choose(Tensor gallery, int count, Generator generator)
    {
        if (gallery.shape[0] <= count) return gallery;
        var perm = randperm(gallery.shape[0], generator: generator, device: CPU)[..count].to(gallery.device);
        var (sorted, _) = gallery.index_select(0, perm).sort();
        return sorted;
    }
}
