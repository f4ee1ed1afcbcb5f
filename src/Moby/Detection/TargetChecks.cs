using Moby.Data.Detection;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>Whether one image's targets fit the model and the batch (the data layer makes them so; a caller may not).</summary>
internal static class TargetChecks
{
    /// <summary>Describes why boxes, labels and masks do not fit together, the batch's padded size or the classes, or null.</summary>
    public static string? Problem(DetectionTargets t, long height, long width, int numClasses)
    {
        long count = t.Boxes.shape[0];
        if (t.Boxes.ndim != 2 || t.Boxes.shape[1] != 4 || t.Boxes.dtype != ScalarType.Float32) return $"boxes must be [N, 4] float32, got [{string.Join(", ", t.Boxes.shape)}] {t.Boxes.dtype}";
        if (t.Labels.ndim != 1 || t.Labels.shape[0] != count || t.Labels.dtype != ScalarType.Int64) return $"labels must be [{count}] int64, got [{string.Join(", ", t.Labels.shape)}] {t.Labels.dtype}";
        if (t.Masks.ndim != 3 || t.Masks.shape[0] != count || t.Masks.shape[1] != height || t.Masks.shape[2] != width)
            return $"masks must be [{count}, {height}, {width}] (the batch's padded size), got [{string.Join(", ", t.Masks.shape)}]";
        if (count == 0) return null;
        using (var finite = t.Boxes.isfinite().all())
            if (!finite.item<bool>()) return "boxes must be finite";
        using var min = t.Labels.min();
        using var max = t.Labels.max();
        if (min.item<long>() < 0 || max.item<long>() >= numClasses) return $"labels must lie in [0, {numClasses}), got {min.item<long>()} to {max.item<long>()}";
        return null;
    }
}
