using Moby.Data.Detection;
using Moby.Torch;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet 2.11's AnchorHead.loss for the RPN of the Swin Mask R-CNN configs: per image, the anchors inside the image's
/// padded size are assigned (<see cref="MaxIoUAssigner.Rpn"/>) and sampled (<c>Sampler</c>: 256 at 0.5, no ground truth
/// added); the objectness loss is the sigmoid cross-entropy of the sampled anchors (positive = 1), the box loss the L1
/// distance of the positives' deltas to their encoded ground truth (the configs' L1Loss, stds 1); both are summed and
/// divided by mmdet's num_total_samples: the sampled positives plus negatives of all images, each count at least 1.
/// </summary>
internal sealed record RPNLoss(RandomSampler Sampler)
{
    public (Tensor Cls, Tensor Bbox) Compute(IReadOnlyList<Tensor> scores, IReadOnlyList<Tensor> deltas, IReadOnlyList<Tensor> anchors,
        AnchorGenerator generator, IReadOnlyList<ImageMeta> metas, IReadOnlyList<DetectionTargets> targets, Generator random)
    {
        using var scope = NewDisposeScope();
        var coder = DeltaXYWHBBoxCoder.Rpn();
        var sizes = scores.Select(s => (s.shape[2], s.shape[3])).ToList();
        var flatAnchors = cat(anchors.ToArray());
        var device = flatAnchors.device;
        var (clsTerms, bboxTerms) = (new List<Tensor>(), new List<Tensor>());
        long samples = 0;
        for (int image = 0; image < metas.Count; image++)
        {
            var flat = Enumerable.Range(0, scores.Count).Select(level => RPNHead.Flatten(scores[level], deltas[level], image)).ToList();
            var logits = cat(flat.Select(f => f.Scores).ToArray());
            var pred = cat(flat.Select(f => f.Deltas).ToArray());
            var valid = cat(generator.ValidFlags(sizes, metas[image].PadHeight, metas[image].PadWidth, device).ToArray()).nonzero().view(-1);
            var candidates = flatAnchors.index_select(0, valid);
            var gt = targets[image].Boxes.to(device);
            var assign = MaxIoUAssigner.Rpn.Assign(candidates, gt, null);
            var sample = Sampler.Sample(assign, candidates, gt, null, random);
            var pos = valid.index_select(0, sample.PosInds);
            var neg = valid.index_select(0, sample.NegInds);
            var sampled = cat([pos, neg]);
            var labels = cat([ones(pos.shape[0], device: device), zeros(neg.shape[0], device: device)]);
            clsTerms.Add(nn.functional.binary_cross_entropy_with_logits(logits.index_select(0, sampled), labels, reduction: nn.Reduction.Sum));
            if (sample.NumPos > 0)
            {
                var encoded = coder.Encode(sample.PosBoxes, sample.PosGtBoxes);
                bboxTerms.Add((pred.index_select(0, pos) - encoded).abs().sum());
            }
            samples += Math.Max(sample.NumPos, 1) + Math.Max(sample.NumNeg, 1);
        }
        using var sampleCount = Scalars.Of(samples);
        var loss = (Sum(clsTerms, scores[0]).div(sampleCount), Sum(bboxTerms, scores[0]).div(sampleCount));
        return (loss.Item1.MoveToOuterDisposeScope(), loss.Item2.MoveToOuterDisposeScope());
    }

    /// <summary>The sum of the terms, or a zero that keeps <paramref name="like"/>'s graph (mmdet's zero losses stay connected).</summary>
    internal static Tensor Sum(List<Tensor> terms, Tensor like) => terms.Count == 0 ? like.sum().mul(Zero) : stack(terms).sum();
}
