using Moby.Torch;
using TorchSharp;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>mmdet's box helpers: <c>bbox_overlaps</c> (IoU) and <c>bbox2roi</c>, on (x1, y1, x2, y2) boxes.</summary>
internal static class BBoxOps
{
    /// <summary>mmdet's union floor (bbox_overlaps' eps), so that empty boxes give IoU 0, not NaN.</summary>
    private static readonly Scalar UnionEps = Scalars.Of(1e-6);

    /// <summary>Pairwise IoU [N, M] of boxes a [N, 4] and b [M, 4], as mmdet's bbox_overlaps (mode 'iou'; no +1 on sizes).</summary>
    public static Tensor Overlaps(Tensor a, Tensor b)
    {
        using var scope = NewDisposeScope();
        var areaA = Areas(a);
        var areaB = Areas(b);
        var lt = maximum(a[.., TensorIndex.None, ..2], b[TensorIndex.None, .., ..2]);
        var rb = minimum(a[.., TensorIndex.None, 2..], b[TensorIndex.None, .., 2..]);
        var wh = (rb - lt).clamp_min(Zero);
        var overlap = wh[.., .., 0] * wh[.., .., 1];
        var union = (areaA[.., TensorIndex.None].add(areaB[TensorIndex.None, ..], One) - overlap).clamp_min(UnionEps);
        return (overlap / union).MoveToOuterDisposeScope();
    }

    /// <summary>Areas [N] of boxes [N, 4].</summary>
    public static Tensor Areas(Tensor boxes)
    {
        using var w = boxes[.., 2] - boxes[.., 0];
        using var h = boxes[.., 3] - boxes[.., 1];
        return w * h;
    }

    /// <summary>mmdet's bbox2roi: each image's boxes [n_i, 4+] as RoIs [sum n_i, 5] (image index, x1, y1, x2, y2).</summary>
    public static Tensor ToRois(IReadOnlyList<Tensor> boxesPerImage)
    {
        using var scope = NewDisposeScope();
        var parts = boxesPerImage.Select((boxes, i) =>
        {
            using var index = Scalars.Of(i);
            return cat([full(boxes.shape[0], 1, index, dtype: boxes.dtype, device: boxes.device), boxes[.., ..4]], 1);
        }).ToArray();
        return cat(parts, 0).MoveToOuterDisposeScope();
    }
}
