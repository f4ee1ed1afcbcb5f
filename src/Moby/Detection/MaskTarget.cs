using Moby.Torch;
using TorchSharp;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's mask_target: for each positive RoI, its ground truth's mask cropped to the RoI (clipped to the mask) and
/// resized to S x S by <see cref="RoIAlign"/> (scale 1, sampling ratio 0, aligned), then binarised at 0.5
/// (BitmapMasks.crop_and_resize).
/// </summary>
internal static class MaskTarget
{
    /// <summary>Resampled values at or above it are inside the mask.</summary>
    private static readonly Scalar Threshold = Scalars.Of(0.5);

    /// <summary>Targets [sum P_i, S, S] (0/1 float) of each image's positives, in <paramref name="samples"/>' order.</summary>
    public static Tensor Get(IReadOnlyList<SamplingResult> samples, IReadOnlyList<Tensor> gtMasks, int size)
    {
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var align = new RoIAlign(size, 1.0);
        var parts = new List<Tensor>();
        for (int image = 0; image < samples.Count; image++)
        {
            var sample = samples[image];
            if (sample.NumPos == 0) continue;
            var masks = gtMasks[image];
            var (height, width) = (masks.shape[1], masks.shape[2]);
            var boxes = sample.PosBoxes.to(ScalarType.Float32);
            using var right = Scalars.Of(width);
            using var bottom = Scalars.Of(height);
            var clipped = stack([boxes[.., 0].clamp(Zero, right), boxes[.., 1].clamp(Zero, bottom), boxes[.., 2].clamp(Zero, right), boxes[.., 3].clamp(Zero, bottom)], 1);
            var index = Arange(sample.NumPos, ScalarType.Float32, boxes.device).unsqueeze(1);
            var chosen = masks.index_select(0, sample.PosAssignedGtInds.to(masks.device)).to(ScalarType.Float32, boxes.device).unsqueeze(1);
            var resized = align.Forward(chosen, cat([index, clipped], 1)).squeeze(1);
            parts.Add((resized >= Threshold).to(ScalarType.Float32));
        }
        var device = samples.Count > 0 ? samples[0].PosBoxes.device : CPU;
        return (parts.Count == 0 ? zeros(0, size, size, device: device) : cat(parts)).MoveToOuterDisposeScope();
    }
}
