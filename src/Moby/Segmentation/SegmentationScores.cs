namespace Moby.Segmentation;

/// <summary>mmseg's metrics of a validation split: mIoU (also without class 0, the scenes' background), mean accuracy, pixel accuracy (aAcc) and per-class IoU and accuracy (NaN: the class appears in neither labels nor predictions).</summary>
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
