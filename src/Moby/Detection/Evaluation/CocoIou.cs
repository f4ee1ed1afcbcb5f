using Moby.Data.Detection;

namespace Moby.Detection.Evaluation;

/// <summary>
/// pycocotools' IoU between detections and ground truth (maskUtils.iou): boxes [x, y, w, h] as bbIou, masks as rleIou.
/// Against a crowd region the union is the detection's own area, so a detection inside a crowd scores 1.
/// </summary>
internal static class CocoIou
{
    /// <summary>[detection, truth] IoUs.</summary>
    public static double[,] Of(IReadOnlyList<ScoredDetection> detections, IReadOnlyList<GroundTruth> truths, IouKind kind)
    {
        var ious = new double[detections.Count, truths.Count];
        for (int d = 0; d < detections.Count; d++)
            for (int g = 0; g < truths.Count; g++)
                ious[d, g] = kind == IouKind.Box
                    ? Boxes(detections[d].Box, truths[g].Box, truths[g].Crowd)
                    : Masks(detections[d].Mask!, truths[g].Mask!, truths[g].Crowd);
        return ious;
    }

    public static double Boxes(double[] d, double[] g, bool crowd)
    {
        double w = Math.Min(d[2] + d[0], g[2] + g[0]) - Math.Max(d[0], g[0]);
        if (w <= 0) return 0;
        double h = Math.Min(d[3] + d[1], g[3] + g[1]) - Math.Max(d[1], g[1]);
        if (h <= 0) return 0;
        double i = w * h, detectionArea = d[2] * d[3];
        return i / (crowd ? detectionArea : detectionArea + g[2] * g[3] - i);
    }

    public static double Masks(RleMask d, RleMask g, bool crowd)
    {
        var (i, u) = RleMask.Overlap(d, g);
        if (i == 0) return 0;
        return (double)i / (crowd ? d.Area : u);
    }
}
