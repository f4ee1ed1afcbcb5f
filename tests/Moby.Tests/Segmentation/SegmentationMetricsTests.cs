using Moby.Segmentation;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Segmentation;

/// <summary>mmseg's metrics on hand-made label / prediction pairs, against the definitions worked out by hand.</summary>
public class SegmentationMetricsTests
{
    private static Tensor Long(params long[] values) => tensor(values);

    [Fact]
    public void IntersectionAndUnionAreSummedOverTheWholeSplitBeforeDividing()
    {
        var metrics = new SegmentationMetrics(3);
        // Image 1: labels 0 0 1 1 255, predictions 0 1 1 1 2 (the ignored pixel does not count, whatever is predicted there).
        metrics.Add(Long(0, 1, 1, 1, 2), Long(0, 0, 1, 1, 255));
        // Image 2: labels 2 2 0, predictions 2 0 0.
        metrics.Add(Long(2, 0, 0), Long(2, 2, 0));
        // Class 0: intersection 1 + 1 = 2; predicted 1 + 2 = 3; labelled 2 + 1 = 3; union 4 -> IoU 0.5, accuracy 2/3.
        // Class 1: intersection 2; predicted 3; labelled 2; union 3 -> IoU 2/3, accuracy 1.
        // Class 2: intersection 1; predicted 1; labelled 2; union 2 -> IoU 0.5, accuracy 0.5.
        Assert.Equal([0.5, 2.0 / 3, 0.5], metrics.Iou, new Tolerance());
        Assert.Equal([2.0 / 3, 1.0, 0.5], metrics.Accuracy, new Tolerance());
        Assert.Equal(5.0 / 7, metrics.AllAccuracy, 12);
        Assert.Equal((0.5 + 2.0 / 3 + 0.5) / 3, metrics.MeanIou(), 12);
        Assert.Equal((2.0 / 3 + 0.5) / 2, metrics.MeanIou(firstClass: 1), 12);
    }

    [Fact]
    public void AClassAbsentFromLabelsAndPredictionsIsLeftOutOfTheMeans()
    {
        var metrics = new SegmentationMetrics(3);
        metrics.Add(Long(0, 1, 1), Long(0, 1, 0));
        Assert.True(double.IsNaN(metrics.Iou[2]));
        Assert.True(double.IsNaN(metrics.Accuracy[2]));
        Assert.Equal((0.5 + 0.5) / 2, metrics.MeanIou(), 12);   // class 0: 1 / (1 + 2 - 1); class 1: 1 / (2 + 1 - 1)
        Assert.Equal((0.5 + 1.0) / 2, metrics.MeanAccuracy, 12);
    }

    [Fact]
    public void APredictedClassThatNeverOccursHasIouZeroAndNoAccuracy()
    {
        var metrics = new SegmentationMetrics(2);
        metrics.Add(Long(1, 1), Long(0, 0));
        Assert.Equal([0.0, 0.0], metrics.Iou);
        Assert.True(double.IsNaN(metrics.Accuracy[1]));
        Assert.Equal(0.0, metrics.AllAccuracy);
    }

    [Fact]
    public void ScoresGiveTheMeanWithAndWithoutTheBackgroundClass()
    {
        // A scene split: background 0 and two garments. Image 1: labels 0 0 0 1 1 2, predictions 0 0 1 1 1 0.
        var metrics = new SegmentationMetrics(3);
        metrics.Add(Long(0, 0, 1, 1, 1, 0), Long(0, 0, 0, 1, 1, 2));
        // Class 0: intersection 2, predicted 3, labelled 3 -> IoU 2/4. Class 1: 2, 3, 2 -> 2/3 (the background pixel
        // predicted as 1 counts in its union). Class 2: 0, 0, 1 -> 0.
        var scores = SegmentationScores.From(metrics, ["background", "a", "b"]);
        Assert.Equal((0.5 + 2.0 / 3 + 0) / 3, scores.MeanIou, 12);
        Assert.Equal((2.0 / 3 + 0) / 2, scores.MeanIouWithoutFirstClass, 12);
        Assert.Equal(4.0 / 6, scores.AllAccuracy, 12);
        Assert.Equal((2.0 / 3 + 1 + 0) / 3, scores.MeanAccuracy, 12);
        Assert.Equal(["background", "a", "b"], scores.PerClass.Select(c => c.Class));
        Assert.Equal(2.0 / 3, scores.PerClass[1].Iou, 12);
    }

    private sealed class Tolerance : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) < 1e-12;
        public int GetHashCode(double v) => 0;
    }
}
