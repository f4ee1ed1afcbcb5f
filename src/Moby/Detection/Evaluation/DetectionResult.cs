using Moby.Data.Detection;

namespace Moby.Detection.Evaluation;

/// <summary>
/// One detection on an image at the image's original size: its 0-based label, score, box x1, y1, x2, y2 (pixels) and,
/// for mask AP, its mask (<see cref="RleMask"/> of the image's size; <see cref="WithMask"/> encodes a binary mask).
/// </summary>
internal sealed record DetectionResult(int Label, float Score, float[] Box, RleMask? Mask = null)
{
    /// <param name="mask">Row-major, non-zero inside, <paramref name="width"/> x <paramref name="height"/> (the image's size).</param>
    public static DetectionResult WithMask(int label, float score, float[] box, ReadOnlySpan<byte> mask, int width, int height) =>
        new(label, score, box, RleMask.Encode(mask, width, height));
}
