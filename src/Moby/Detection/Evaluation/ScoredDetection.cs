using Moby.Data.Detection;

namespace Moby.Detection.Evaluation;

/// <summary>
/// A detection as COCOeval holds a result after loadRes: the box as [x, y, w, h] in doubles (mmdet's xyxy2xywh:
/// x2 - x1 and y2 - y1 of the float32 corners), its area (the box's w x h when boxes are scored, the mask's pixels when
/// masks are), and its mask.
/// </summary>
internal sealed record ScoredDetection(int Label, double Score, double[] Box, double Area, RleMask? Mask)
{
    public static ScoredDetection From(DetectionResult d, IouKind kind)
    {
        double x1 = d.Box[0], y1 = d.Box[1];
        double[] box = [x1, y1, d.Box[2] - x1, d.Box[3] - y1];
        if (kind == IouKind.Box) return new ScoredDetection(d.Label, d.Score, box, box[2] * box[3], d.Mask);
        var mask = d.Mask ?? throw new ArgumentException("mask AP needs every detection's mask");
        return new ScoredDetection(d.Label, d.Score, box, mask.Area, mask);
    }
}
