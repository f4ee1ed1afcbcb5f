namespace Moby.Segmentation;

/// <summary>One class's IoU and accuracy over a split (NaN when undefined).</summary>
public sealed record ClassScore(string Class, double Iou, double Accuracy);
