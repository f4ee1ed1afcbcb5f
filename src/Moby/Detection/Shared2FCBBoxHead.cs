using Scalars = Moby.Torch.Scalars;
using TorchSharp;
using TorchSharp.Modules;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's Shared2FCBBoxHead, the box head of the official Swin Mask R-CNN configs: the RoI features flattened, two
/// fully connected layers with ReLU (<c>shared_fcs.0</c>, <c>shared_fcs.1</c>), then class logits over the classes and
/// background (last) (<c>fc_cls</c>) and class-specific deltas (<c>fc_reg</c>, 4 per class, reg_class_agnostic False).
/// Initialised as mmdet: Xavier-uniform shared layers, normal(0, 0.01) classifier, normal(0, 0.001) regressor, biases 0.
/// </summary>
internal sealed class Shared2FCBBoxHead : nn.Module
{
    private static readonly Scalar Percent = Scalars.Of(100L);

    private readonly ModuleList<Linear> shared_fcs = new();
    private readonly Linear fc_cls;
    private readonly Linear fc_reg;

    public Shared2FCBBoxHead(long inChannels, int roiSize, long fcChannels, int numClasses) : base(nameof(Shared2FCBBoxHead))
    {
        NumClasses = numClasses;
        shared_fcs.Add(nn.Linear(inChannels * roiSize * roiSize, fcChannels));
        shared_fcs.Add(nn.Linear(fcChannels, fcChannels));
        fc_cls = nn.Linear(fcChannels, numClasses + 1);
        fc_reg = nn.Linear(fcChannels, 4L * numClasses);
        using (no_grad())
        {
            foreach (var fc in shared_fcs) nn.init.xavier_uniform_(fc.weight);
            nn.init.normal_(fc_cls.weight, 0, 0.01);
            nn.init.normal_(fc_reg.weight, 0, 0.001);
            foreach (var fc in shared_fcs.Append(fc_cls).Append(fc_reg)) fc.bias!.zero_();
        }
        RegisterComponents();
    }

    public int NumClasses { get; }

    /// <summary>Class logits [K, classes + 1] and deltas [K, 4 classes] of RoI features [K, C, P, P].</summary>
    public (Tensor Scores, Tensor Deltas) Forward(Tensor roiFeatures)
    {
        using var scope = NewDisposeScope();
        var x = roiFeatures.flatten(1);
        foreach (var fc in shared_fcs) x = nn.functional.relu(fc.call(x));
        return (fc_cls.call(x).MoveToOuterDisposeScope(), fc_reg.call(x).MoveToOuterDisposeScope());
    }

    /// <summary>
    /// mmdet's BBoxHead.loss for sampled RoIs in <paramref name="samples"/>' order (each image's positives, then its
    /// negatives): softmax cross-entropy against the positives' classes and background for the negatives, averaged
    /// over all sampled RoIs; the L1 distance of each positive's deltas for its class to its encoded ground truth
    /// (stds 0.1, 0.1, 0.2, 0.2), summed and divided by the number of sampled RoIs (mmdet's avg_factor); the top-1
    /// accuracy in percent (mmdet's acc, a measurement).
    /// </summary>
    public (Tensor Cls, Tensor Bbox, Tensor Accuracy) Loss(Tensor scores, Tensor deltas, IReadOnlyList<SamplingResult> samples)
    {
        using var scope = NewDisposeScope();
        var device = scores.device;
        var coder = DeltaXYWHBBoxCoder.Rcnn();
        using var classes = Scalars.Of(NumClasses);
        var labels = cat(samples.Select(s => cat([s.PosGtLabels, full(s.NumNeg, classes, dtype: ScalarType.Int64, device: device)])).ToArray());
        var offsets = samples.Select((s, i) => samples.Take(i).Sum(p => p.NumPos + p.NumNeg)).ToArray();
        var posRows = cat(samples.Select((s, i) =>
        {
            using var offset = Scalars.Of(offsets[i]);
            return Arange(s.NumPos, ScalarType.Int64, device).add(offset, alpha: One);
        }).ToArray());
        using var total = Scalars.Of(Math.Max(labels.shape[0], 1));
        var cls = nn.functional.cross_entropy(scores, labels, reduction: nn.Reduction.Sum).div(total);
        Tensor bbox;
        if (posRows.shape[0] == 0) bbox = deltas.sum().mul(Zero);
        else
        {
            var targets = cat(samples.Select(s => coder.Encode(s.PosBoxes, s.PosGtBoxes)).ToArray());
            var chosen = deltas.view(-1, 4).index_select(0, posRows.mul(classes).add(labels.index_select(0, posRows), One));
            bbox = (chosen - targets).abs().sum().div(total);
        }
        Tensor accuracy;
        using (no_grad()) accuracy = scores.argmax(1).eq(labels).to(ScalarType.Float32).mean().mul(Percent);
        return (cls.MoveToOuterDisposeScope(), bbox.MoveToOuterDisposeScope(), accuracy.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// mmdet's BBoxHead.get_bboxes for one image: softmax scores [K, classes + 1] and per-class boxes [K, 4 classes]
    /// decoded from the RoIs [K, 5], clipped to the image, divided by its scale factor (rescale: original pixels).
    /// </summary>
    public (Tensor Boxes, Tensor Scores) Decode(Tensor rois, Tensor scores, Tensor deltas, ImageMeta meta)
    {
        using var scope = NewDisposeScope();
        var probabilities = nn.functional.softmax(scores, 1);
        var boxes = DeltaXYWHBBoxCoder.Rcnn().Decode(rois[.., 1..], deltas, (meta.Height, meta.Width));
        var factor = tensor(new[] { meta.ScaleX, meta.ScaleY, meta.ScaleX, meta.ScaleY }, device: boxes.device);
        var rescaled = (boxes.view(boxes.shape[0], -1, 4) / factor).view(boxes.shape[0], -1);
        return (rescaled.MoveToOuterDisposeScope(), probabilities.MoveToOuterDisposeScope());
    }
}
