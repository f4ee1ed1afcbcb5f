using Moby.Data.Detection;
using Moby.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Detection.Evaluation;

/// <summary>
/// One detection on an image at the image's original size: its 0-based label, score, box x1, y1, x2, y2 (pixels) and,
/// for mask AP, its mask (<see cref="RleMask"/> of the image's size; <see cref="WithMask"/> encodes a binary mask).
/// </summary>
internal sealed record DetectionResult(int Label, float Score, float[] Box, RleMask? Mask = null)
{
    /// <summary>Probabilities at or above it are inside the mask.</summary>
    private static readonly Scalar MaskThreshold = Scalars.Of(0.5);

    /// <param name="mask">Row-major, non-zero inside, <paramref name="width"/> x <paramref name="height"/> (the image's size).</param>
    public static DetectionResult WithMask(int label, float score, float[] box, ReadOnlySpan<byte> mask, int width, int height) =>
        new(label, score, box, RleMask.Encode(mask, width, height));

    /// <summary>
    /// The model's predictions for one image as results (mmdet's bbox2result and encode_mask_results): binary masks as
    /// they are, probabilities (MASK_THR negative) binarised at 0.5, each mask run-length encoded at the original size.
    /// </summary>
    public static List<DetectionResult> Of(Detections detections)
    {
        int count = (int)detections.Count;
        if (count == 0) return [];
        var boxes = HostCopy.Floats(detections.Boxes);
        var scores = HostCopy.Floats(detections.Scores);
        var labels = HostCopy.Longs(detections.Labels);
        int height = (int)detections.Masks.shape[1], width = (int)detections.Masks.shape[2];
        using var scope = NewDisposeScope();
        var binary = (detections.Masks.dtype == ScalarType.Byte ? detections.Masks : (detections.Masks >= MaskThreshold).to(ScalarType.Byte)).cpu();
        var results = new List<DetectionResult>(count);
        for (int k = 0; k < count; k++)
        {
            var mask = binary[k].contiguous();
            results.Add(WithMask((int)labels[k], scores[k], boxes.AsSpan(4 * k, 4).ToArray(), mask.data<byte>().ToArray(), width, height));
        }
        return results;
    }
}
