using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's segmentation metrics: per class, the intersection, union, predicted and labelled areas (pixels whose label is
/// the ignore index left out) summed over the whole split, then divided once: IoU = intersection / union, accuracy =
/// intersection / labelled area, aAcc = total intersection / total labelled area; mIoU and mAcc average the classes
/// whose denominator is not zero (nanmean: a class absent from both labels and predictions does not count).
/// </summary>
internal sealed class SegmentationMetrics(int numClasses)
{
    private readonly long[] intersection = new long[numClasses], predicted = new long[numClasses], labelled = new long[numClasses];

    public int NumClasses => numClasses;

    /// <summary>Adds predictions and labels of any shape (int64; labels may hold 255 = ignore).</summary>
    public void Add(Tensor predictions, Tensor labels)
    {
        using var scope = NewDisposeScope();
        using var classes = Of(numClasses);
        var valid = labels.ge(Zero).logical_and(labels.lt(classes)); // the ignore index (255) is never a class
        var label = labels.masked_select(valid);
        var prediction = predictions.masked_select(valid);
        var confusion = label.mul(classes).add(prediction, One).bincount(null, minlength: numClasses * numClasses).view(numClasses, numClasses);
        var matrix = confusion.data<long>().ToArray();
        for (int c = 0; c < numClasses; c++)
        {
            intersection[c] += matrix[c * numClasses + c];
            for (int k = 0; k < numClasses; k++)
            {
                labelled[c] += matrix[c * numClasses + k];
                predicted[c] += matrix[k * numClasses + c];
            }
        }
    }

    public double[] Iou => Enumerable.Range(0, numClasses).Select(c => Ratio(intersection[c], predicted[c] + labelled[c] - intersection[c])).ToArray();
    public double[] Accuracy => Enumerable.Range(0, numClasses).Select(c => Ratio(intersection[c], labelled[c])).ToArray();
    public double AllAccuracy => Ratio(intersection.Sum(), labelled.Sum());

    /// <summary>Mean IoU over the classes from <paramref name="firstClass"/> on (1 leaves a background class 0 out).</summary>
    public double MeanIou(int firstClass = 0) => NanMean(Iou.Skip(firstClass));
    public double MeanAccuracy => NanMean(Accuracy);

    private static double Ratio(long numerator, long denominator) => denominator == 0 ? double.NaN : (double)numerator / denominator;

    private static double NanMean(IEnumerable<double> values)
    {
        var defined = values.Where(v => !double.IsNaN(v)).ToList();
        return defined.Count == 0 ? double.NaN : defined.Average();
    }
}
