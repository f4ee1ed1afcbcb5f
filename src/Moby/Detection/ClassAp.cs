namespace Moby.Detection;

/// <summary>One class's AP (IoU .50:.95, all areas, 100 detections; mmdet's classwise AP), NaN when the split has no instance of it.</summary>
/// <param name="Class">The class name.</param>
/// <param name="BoxAp">AP of its boxes.</param>
/// <param name="MaskAp">AP of its masks.</param>
public sealed record ClassAp(string Class, double BoxAp, double MaskAp);
