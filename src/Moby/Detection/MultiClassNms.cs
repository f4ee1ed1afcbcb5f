using Moby.Torch;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's multiclass_nms: every (box, class) pair whose score exceeds <c>ScoreThr</c> is a candidate (the background
/// column is not a class), NMS runs within each class at <c>NmsIou</c>, and the first <c>MaxPerImg</c> by score are
/// kept. The Swin Mask R-CNN test config: 0.05, 0.5, 100.
/// </summary>
internal sealed record MultiClassNms(double ScoreThr = 0.05, double NmsIou = 0.5, int MaxPerImg = 100)
{
    /// <summary>Detections [k, 5] (x1, y1, x2, y2, score) and their classes [k] from boxes [K, 4 C] and scores [K, C + 1].</summary>
    public (Tensor Detections, Tensor Labels) Apply(Tensor boxes, Tensor scores)
    {
        using var scope = NewDisposeScope();
        long classes = scores.shape[1] - 1;
        var perClass = boxes.shape[1] > 4 ? boxes.view(boxes.shape[0], -1, 4) : boxes[.., TensorIndex.None, ..].expand(-1, classes, 4);
        var flatBoxes = perClass.reshape(-1, 4);
        var flatScores = scores[.., ..^1].reshape(-1);
        using var scoreThr = Scalars.Of(ScoreThr);
        var labels = Arange(classes, ScalarType.Int64, scores.device).repeat(scores.shape[0]);
        var candidates = (flatScores > scoreThr).nonzero().view(-1);
        var (b, s, l) = (flatBoxes.index_select(0, candidates), flatScores.index_select(0, candidates), labels.index_select(0, candidates));
        var keep = tensor(Nms.Batched(b, s, l, NmsIou).Take(MaxPerImg).ToArray(), dtype: ScalarType.Int64, device: scores.device);
        var detections = cat([b.index_select(0, keep), s.index_select(0, keep).unsqueeze(1)], 1);
        return (detections.MoveToOuterDisposeScope(), l.index_select(0, keep).MoveToOuterDisposeScope());
    }
}
