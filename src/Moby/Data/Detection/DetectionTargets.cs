using static TorchSharp.torch;

namespace Moby.Data.Detection;

/// <summary>One image's targets as tensors: boxes [N, 4] float32 x1, y1, x2, y2 in input pixels, labels [N] int64
/// (0-based), masks [N, H, W] uint8 at the batch's padded input size.</summary>
internal sealed class DetectionTargets(Tensor boxes, Tensor labels, Tensor masks) : IDisposable
{
    public Tensor Boxes { get; } = boxes;
    public Tensor Labels { get; } = labels;
    public Tensor Masks { get; } = masks;

    public void Dispose()
    {
        Boxes.Dispose();
        Labels.Dispose();
        Masks.Dispose();
    }
}
