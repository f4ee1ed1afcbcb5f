namespace Moby.Segmentation;

/// <summary>mmseg's metrics of a validation split: mIoU (also without class 0, the scenes' background), mean accuracy, pixel accuracy (aAcc) and per-class IoU and accuracy (NaN: the class appears in neither labels nor predictions).</summary>
/// <param name="MeanIou">mIoU over the classes with a non-zero union.</param>
/// <param name="MeanIouWithoutFirstClass">The same without class 0 (the scenes' background).</param>
/// <param name="MeanAccuracy">mAcc: mean per-class accuracy.</param>
/// <param name="AllAccuracy">aAcc: correctly labelled pixels over all labelled pixels.</param>
/// <param name="PerClass">Each class's IoU and accuracy.</param>
public sealed record SegmentationScores(double MeanIou, double MeanIouWithoutFirstClass, double MeanAccuracy, double AllAccuracy,
                                        IReadOnlyList<ClassScore> PerClass)
{
    internal static SegmentationScores From(SegmentationMetrics metrics, IReadOnlyList<string> classes)
    {
        var iou = metrics.Iou;
        var accuracy = metrics.Accuracy;
        return new SegmentationScores(metrics.MeanIou(), metrics.MeanIou(firstClass: 1), metrics.MeanAccuracy, metrics.AllAccuracy,
                                      classes.Select((name, c) => new ClassScore(name, iou[c], accuracy[c])).ToList());
    }
}
