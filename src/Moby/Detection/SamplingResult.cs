using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's SamplingResult: the sampled positive and negative boxes (ascending indices each), the ground truth each
/// positive is assigned to, its box and class, and whether it is a ground truth added as a proposal. Its tensors belong
/// to the dispose scope current when it is made.
/// </summary>
internal sealed class SamplingResult
{
    public SamplingResult(Tensor posInds, Tensor negInds, Tensor boxes, Tensor gtBoxes, AssignResult assign, Tensor gtFlags)
    {
        (PosInds, NegInds) = (posInds, negInds);
        PosBoxes = boxes.index_select(0, posInds);
        NegBoxes = boxes.index_select(0, negInds);
        PosIsGt = gtFlags.index_select(0, posInds);
        PosAssignedGtInds = assign.GtInds.index_select(0, posInds).sub(One);
        PosGtBoxes = gtBoxes.to(boxes.dtype).index_select(0, PosAssignedGtInds);
        PosGtLabels = assign.Labels.index_select(0, posInds);
    }

    public Tensor PosInds { get; }
    public Tensor NegInds { get; }
    public Tensor PosBoxes { get; }
    public Tensor NegBoxes { get; }
    public Tensor PosIsGt { get; }
    public Tensor PosAssignedGtInds { get; }
    public Tensor PosGtBoxes { get; }
    public Tensor PosGtLabels { get; }
    public long NumPos => PosInds.shape[0];
    public long NumNeg => NegInds.shape[0];

    /// <summary>Positives then negatives [P + N, 4] (mmdet's <c>bboxes</c>: the RoIs of the box head).</summary>
    public Tensor Boxes() => cat([PosBoxes, NegBoxes], 0);
}
