using Moby.Torch;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet 2.11's RPNHead._get_bboxes (the version of the official Swin detection code): per image and level the
/// <c>NmsPre</c> highest sigmoid scores, their anchors decoded and clipped to the image, NMS within each level
/// (batched_nms with the level as group), the first <c>MaxPerImg</c> by score. min_bbox_size 0: no box is dropped.
/// Proposals are constants for the second stage (computed without gradient).
/// </summary>
internal static class RPNProposals
{
    /// <summary>Per image, proposals [k, 5] (x1, y1, x2, y2, score) by decreasing score.</summary>
    public static List<Tensor> Get(IReadOnlyList<Tensor> scores, IReadOnlyList<Tensor> deltas, IReadOnlyList<Tensor> anchors,
                                   IReadOnlyList<ImageMeta> metas, ProposalSettings settings)
    {
        using var _ = no_grad();
        var coder = DeltaXYWHBBoxCoder.Rpn();
        var result = new List<Tensor>();
        for (int image = 0; image < metas.Count; image++)
        {
            using var scope = NewDisposeScope();
            var (levelScores, levelDeltas, levelAnchors, levelIds) = (new List<Tensor>(), new List<Tensor>(), new List<Tensor>(), new List<Tensor>());
            for (int level = 0; level < scores.Count; level++)
            {
                var (logits, d) = RPNHead.Flatten(scores[level], deltas[level], image);
                var s = logits.sigmoid();
                var a = anchors[level];
                if (s.shape[0] > settings.NmsPre)
                {
                    var (ranked, order) = s.sort(descending: true, stable: true);
                    var top = order[..settings.NmsPre];
                    (s, d, a) = (ranked[..settings.NmsPre], d.index_select(0, top), a.index_select(0, top));
                }
                levelScores.Add(s);
                levelDeltas.Add(d);
                levelAnchors.Add(a);
                using var levelId = Scalars.Of(level);
                levelIds.Add(full(s.shape[0], levelId, dtype: ScalarType.Int64, device: s.device));
            }
            var allScores = cat(levelScores);
            var boxes = coder.Decode(cat(levelAnchors), cat(levelDeltas), (metas[image].Height, metas[image].Width));
            var keep = Nms.Batched(boxes, allScores, cat(levelIds), settings.NmsIou).Take(settings.MaxPerImg).ToArray();
            var kept = tensor(keep, device: boxes.device);
            result.Add(cat([boxes.index_select(0, kept), allScores.index_select(0, kept).unsqueeze(1)], 1).MoveToOuterDisposeScope());
        }
        return result;
    }
}
