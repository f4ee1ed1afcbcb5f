using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's loss dictionary of Mask R-CNN: <c>loss_rpn_cls</c>, <c>loss_rpn_bbox</c>, <c>loss_cls</c>, <c>loss_bbox</c>,
/// <c>loss_mask</c> (scalars with gradient) and <c>acc</c> (the box head's accuracy in percent, a measurement); the
/// total the optimiser minimises is the sum of the five losses. Owns its tensors.
/// </summary>
internal sealed record DetectionLosses(Tensor RpnCls, Tensor RpnBbox, Tensor Cls, Tensor Bbox, Tensor Mask, Tensor Accuracy) : IDisposable
{
    /// <summary>The sum of the loss terms (a new tensor, the caller's).</summary>
    public Tensor Total() => RpnCls.add(RpnBbox, One).add(Cls, One).add(Bbox, One).add(Mask, One);

    /// <summary>Each term's value by mmdet's name.</summary>
    public IReadOnlyDictionary<string, double> Values() => new Dictionary<string, double>
    {
        ["loss_rpn_cls"] = RpnCls.item<float>(), ["loss_rpn_bbox"] = RpnBbox.item<float>(), ["loss_cls"] = Cls.item<float>(),
        ["loss_bbox"] = Bbox.item<float>(), ["loss_mask"] = Mask.item<float>(), ["acc"] = Accuracy.item<float>(),
    };

    public void Dispose()
    {
        foreach (var t in new[] { RpnCls, RpnBbox, Cls, Bbox, Mask, Accuracy }) t.Dispose();
    }
}
