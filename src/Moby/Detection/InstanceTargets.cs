using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// The ground truth of one training image, in the batch tensor's pixels: boxes [N, 4] float32 (x1, y1, x2, y2), labels
/// [N] int64 (0-based classes), masks [N, H, W] uint8 (0/1) at the batch tensor's padded size. The caller owns them.
/// </summary>
internal sealed record InstanceTargets(Tensor Boxes, Tensor Labels, Tensor Masks)
{
    public long Count => Boxes.shape[0];

    /// <summary>Describes why the tensors do not fit together or the batch, or null.</summary>
    public string? Problem(long height, long width, int numClasses)
    {
        if (Boxes.ndim != 2 || Boxes.shape[1] != 4 || Boxes.dtype != ScalarType.Float32) return $"boxes must be [N, 4] float32, got [{string.Join(", ", Boxes.shape)}] {Boxes.dtype}";
        if (Labels.ndim != 1 || Labels.shape[0] != Count || Labels.dtype != ScalarType.Int64) return $"labels must be [{Count}] int64, got [{string.Join(", ", Labels.shape)}] {Labels.dtype}";
        if (Masks.ndim != 3 || Masks.shape[0] != Count || Masks.shape[1] != height || Masks.shape[2] != width)
            return $"masks must be [{Count}, {height}, {width}] (the batch's padded size), got [{string.Join(", ", Masks.shape)}]";
        if (Count == 0) return null;
        using (var finite = Boxes.isfinite().all())
            if (!finite.item<bool>()) return "boxes must be finite";
        using var min = Labels.min();
        using var max = Labels.max();
        if (min.item<long>() < 0 || max.item<long>() >= numClasses) return $"labels must lie in [0, {numClasses}), got {min.item<long>()} to {max.item<long>()}";
        return null;
    }
}
