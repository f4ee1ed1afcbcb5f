namespace Moby.Segmentation;

/// <summary>One class's IoU and accuracy over a split (NaN when undefined).</summary>
/// <param name="Class">The class name.</param>
/// <param name="Iou">Intersection over union.</param>
/// <param name="Accuracy">Intersection over the labelled area.</param>
public sealed record ClassScore(string Class, double Iou, double Accuracy);
