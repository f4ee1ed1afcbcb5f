using Moby.Data.Detection;
using Moby.Torch;
using TorchSharp;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's StandardRoIHead with a box branch (<c>bbox_head</c>: <see cref="Shared2FCBBoxHead"/> on 7 x 7 RoIAlign
/// features) and a mask branch (<c>mask_head</c>: <see cref="FCNMaskHead"/> on its own 14 x 14 features). Training:
/// per image the proposals are assigned (<see cref="MaxIoUAssigner.Rcnn"/>) and sampled with the ground truths added,
/// the box losses use all sampled RoIs, the mask loss the positives. Testing: the proposals' boxes are decoded and
/// filtered per class, then the kept boxes' masks are predicted for their class and pasted on the original image.
/// </summary>
internal sealed class StandardRoIHead : nn.Module
{
    /// <summary>Side of the mask targets: twice the mask RoI size (mmdet's mask_size 28).</summary>
    private const int MaskSize = 2 * MaskRCNNConfig.MaskRoiSize;

    private readonly Shared2FCBBoxHead bbox_head;
    private readonly FCNMaskHead mask_head;
    private readonly SingleRoIExtractor boxExtractor;
    private readonly SingleRoIExtractor maskExtractor;
    private readonly RandomSampler sampler;
    private readonly MultiClassNms nms;
    private readonly double maskThr;

    public StandardRoIHead(MaskRCNNConfig config) : base(nameof(StandardRoIHead))
    {
        var strides = config.StageStrides;
        boxExtractor = new SingleRoIExtractor(MaskRCNNConfig.BoxRoiSize, strides, config.FinestScale);
        maskExtractor = new SingleRoIExtractor(MaskRCNNConfig.MaskRoiSize, strides, config.FinestScale);
        bbox_head = new Shared2FCBBoxHead(config.FpnChannels, MaskRCNNConfig.BoxRoiSize, config.BoxFcChannels, config.NumClasses);
        mask_head = new FCNMaskHead(config.FpnChannels, config.MaskChannels, config.MaskConvs, config.NumClasses);
        sampler = new RandomSampler(config.RoiSamples, config.RoiPosFraction, AddGtAsProposals: true);
        nms = new MultiClassNms(config.ScoreThr, config.NmsIou, config.MaxPerImg);
        maskThr = config.MaskThr;
        RegisterComponents();
    }

    /// <summary>The box and mask losses (cls, bbox, accuracy, mask) of one batch; tensors of the caller's scope.</summary>
    public (Tensor Cls, Tensor Bbox, Tensor Accuracy, Tensor Mask) Loss(IReadOnlyList<Tensor> features, IReadOnlyList<Tensor> proposals,
        IReadOnlyList<DetectionTargets> targets, Generator random)
    {
        using var scope = NewDisposeScope();
        var device = features[0].device;
        var samples = new List<SamplingResult>();
        for (int image = 0; image < proposals.Count; image++)
        {
            var (gtBoxes, gtLabels) = (targets[image].Boxes.to(device), targets[image].Labels.to(device));
            var assign = MaxIoUAssigner.Rcnn.Assign(proposals[image], gtBoxes, gtLabels);
            samples.Add(sampler.Sample(assign, proposals[image], gtBoxes, gtLabels, random));
        }
        var rois = BBoxOps.ToRois(samples.Select(s => s.Boxes()).ToList());
        var (scores, deltas) = bbox_head.Forward(boxExtractor.Forward(features, rois));
        var (cls, bbox, accuracy) = bbox_head.Loss(scores, deltas, samples);
        var posRois = BBoxOps.ToRois(samples.Select(s => s.PosBoxes).ToList());
        var logits = mask_head.Forward(maskExtractor.Forward(features, posRois));
        var maskTargets = MaskTarget.Get(samples, targets.Select(t => t.Masks).ToList(), MaskSize);
        var mask = FCNMaskHead.Loss(logits, maskTargets, cat(samples.Select(s => s.PosGtLabels).ToArray()));
        return (cls.MoveToOuterDisposeScope(), bbox.MoveToOuterDisposeScope(), accuracy.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>mmdet's simple_test with rescale: each image's detections in its original pixels.</summary>
    public List<Detections> Predict(IReadOnlyList<Tensor> features, IReadOnlyList<Tensor> proposals, IReadOnlyList<ImageMeta> metas)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var rois = BBoxOps.ToRois(proposals);
        var (scores, deltas) = bbox_head.Forward(boxExtractor.Forward(features, rois));
        var boxes = new List<Tensor>();
        var results = new List<(Tensor Detections, Tensor Labels)>();
        long start = 0;
        for (int image = 0; image < metas.Count; image++)
        {
            long n = proposals[image].shape[0];
            var (decoded, probabilities) = bbox_head.Decode(rois.narrow(0, start, n), scores.narrow(0, start, n), deltas.narrow(0, start, n), metas[image]);
            start += n;
            var kept = nms.Apply(decoded, probabilities);
            results.Add(kept);
            var factor = tensor(new[] { metas[image].ScaleX, metas[image].ScaleY, metas[image].ScaleX, metas[image].ScaleY }, device: decoded.device);
            boxes.Add(kept.Detections[.., ..4] * factor);   // back to the batch's pixels, where the features are
        }
        var logits = mask_head.Forward(maskExtractor.Forward(features, BBoxOps.ToRois(boxes)));
        var output = new List<Detections>();
        start = 0;
        for (int image = 0; image < metas.Count; image++)
        {
            var (detections, labels) = results[image];
            long n = detections.shape[0];
            var meta = metas[image];
            var rows = Arange(n, ScalarType.Int64, logits.device);
            var probabilities = logits.narrow(0, start, n).index(TensorIndex.Tensor(rows), TensorIndex.Tensor(labels)).sigmoid();
            start += n;
            var factor = tensor(new[] { meta.ScaleX, meta.ScaleY, meta.ScaleX, meta.ScaleY }, device: detections.device);
            var masks = MaskPaste.Paste(probabilities, boxes[image] / factor, meta.OriginalHeight, meta.OriginalWidth, maskThr);
            var result = new Detections(detections[.., ..4], detections[.., 4], labels, masks);
            foreach (var t in new[] { result.Boxes, result.Scores, result.Labels, result.Masks }) t.DetachFromDisposeScope();
            output.Add(result);
        }
        return output;
    }
}
