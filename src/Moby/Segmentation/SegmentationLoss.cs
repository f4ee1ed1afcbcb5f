using TorchSharp;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's decode-head loss: each head's logits resized bilinearly to the labels' size, pixel cross-entropy with the
/// ignore index 255 (optionally weighted per class), averaged over all pixels as mmseg 0.x does (ignored pixels count
/// as zero loss, avg_non_ignore False); the auxiliary head's loss times its weight (0.4 in the recipe) is added.
/// </summary>
internal sealed class SegmentationLoss(double auxiliaryWeight, float[]? classWeights)
{
    public const long IgnoreIndex = 255;

    public Tensor Compute(SegmentationOutput output, Tensor labels)
    {
        var loss = Head(output.Decode, labels);
        if (output.Auxiliary is null || auxiliaryWeight == 0) return loss;
        using (loss)
        using (var auxiliary = Head(output.Auxiliary, labels))
        {
            using var weight = Of(auxiliaryWeight);
            using var weighted = auxiliary.mul(weight);
            return loss.add(weighted, One);
        }
    }

    private Tensor Head(Tensor logits, Tensor labels)
    {
        using var resized = Resize.To(logits, labels.shape[1], labels.shape[2]);
        using var weight = classWeights is null ? null : tensor(classWeights, device: labels.device);
        using var perPixel = nn.functional.cross_entropy(resized, labels, weight, ignore_index: IgnoreIndex, reduction: nn.Reduction.None);
        return perPixel.mean();
    }
}
