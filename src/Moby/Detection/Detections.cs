using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// One image's predictions in its original pixels (mmdet's rescale): boxes [K, 4] (x1, y1, x2, y2), scores [K], labels
/// [K] int64 (0-based classes), by decreasing score; masks [K, H0, W0] at the original size: uint8 0/1 when thresholded
/// (mmdet's mask_thr_binary), else float32 probabilities. Owns its tensors.
/// </summary>
internal sealed record Detections(Tensor Boxes, Tensor Scores, Tensor Labels, Tensor Masks) : IDisposable
{
    public long Count => Boxes.shape[0];

    public void Dispose()
    {
        Boxes.Dispose();
        Scores.Dispose();
        Labels.Dispose();
        Masks.Dispose();
    }
}
