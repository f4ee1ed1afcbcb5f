using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// Greedy non-maximum suppression as torchvision's <c>nms</c> / <c>batched_nms</c> (and mmcv's, offset 0): boxes in
/// decreasing score order, each kept unless its IoU (float arithmetic, no +1 on sizes) with a kept box exceeds the
/// threshold. TorchSharp's TorchVision package has no nms, so it is written here; the boxes come to the CPU once.
/// Equal scores keep the lower index first (torchvision leaves their order to its sort).
/// </summary>
internal static class Nms
{
    /// <summary>Indices of the kept boxes [N, 4], by decreasing score.</summary>
    public static long[] Keep(Tensor boxes, Tensor scores, double iouThreshold)
    {
        var (b, s) = (HostCopy.Floats(boxes), HostCopy.Floats(scores));
        return KeepAmong(b, s, Enumerable.Range(0, s.Length).ToArray(), iouThreshold).Select(i => (long)i).ToArray();
    }

    /// <summary>
    /// torchvision's batched_nms: suppression only within each group (an mmdet class or, for proposals, a pyramid
    /// level); the kept indices of all groups by decreasing score.
    /// </summary>
    public static long[] Batched(Tensor boxes, Tensor scores, Tensor groups, double iouThreshold)
    {
        var (b, s) = (HostCopy.Floats(boxes), HostCopy.Floats(scores));
        var g = HostCopy.Longs(groups);
        if (g.Length != s.Length) throw new ArgumentException($"{g.Length} group ids for {s.Length} boxes.");
        return Enumerable.Range(0, s.Length).GroupBy(i => g[i])
            .SelectMany(members => KeepAmong(b, s, members.ToArray(), iouThreshold))
            .OrderByDescending(i => s[i]).ThenBy(i => i)
            .Select(i => (long)i).ToArray();
    }

    private static List<int> KeepAmong(float[] b, float[] s, int[] members, double iouThreshold)
    {
        var order = members.OrderByDescending(i => s[i]).ThenBy(i => i).ToArray();
        var suppressed = new bool[order.Length];
        var keep = new List<int>();
        for (int a = 0; a < order.Length; a++)
        {
            if (suppressed[a]) continue;
            int i = order[a];
            keep.Add(i);
            float areaI = Area(b, i);
            for (int c = a + 1; c < order.Length; c++)
            {
                if (suppressed[c]) continue;
                int j = order[c];
                float w = Math.Max(0f, Math.Min(b[4 * i + 2], b[4 * j + 2]) - Math.Max(b[4 * i], b[4 * j]));
                float h = Math.Max(0f, Math.Min(b[4 * i + 3], b[4 * j + 3]) - Math.Max(b[4 * i + 1], b[4 * j + 1]));
                float inter = w * h;
                float iou = inter / (areaI + Area(b, j) - inter);
                if (iou > iouThreshold) suppressed[c] = true;
            }
        }
        return keep;
    }

    private static float Area(float[] b, int i) => (b[4 * i + 2] - b[4 * i]) * (b[4 * i + 3] - b[4 * i + 1]);
}
