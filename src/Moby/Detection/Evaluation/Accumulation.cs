using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Moby.Detection.Evaluation;

/// <summary>
/// COCOeval's accumulate: for each category, area range and detection budget, the detections of all images (each
/// image's best maxDet) sorted by score (stable, images in id order), cumulative true and false positives per IoU
/// threshold, precision made monotone from the right, then read at the 101 recall thresholds (the first detection
/// reaching each; 0 beyond the last recall). -1 marks a category without regular ground truth in the range.
/// </summary>
internal sealed class Accumulation
{
    private Accumulation(double[,,,,] precision, double[,,,] recall) => (Precision, Recall) = (precision, recall);

    /// <summary>[threshold, recall threshold, category, area range, max detections].</summary>
    public double[,,,,] Precision { get; }

    /// <summary>[threshold, category, area range, max detections]: the recall reached.</summary>
    public double[,,,] Recall { get; }

    /// <param name="images">[category, area range, image]; null where COCOeval has None.</param>
    /// <param name="maxDetections">The detection budgets per image and category, ascending.</param>
    public static Accumulation Of(ImageEvaluation?[,,] images, int[] maxDetections)
    {
        int t = CocoEvalParams.IouThresholds.Length, r = CocoEvalParams.RecallThresholds.Length;
        int k = images.GetLength(0), a = images.GetLength(1), m = maxDetections.Length;
        var precision = new double[t, r, k, a, m];
        var recall = new double[t, k, a, m];
        Fill(precision, -1);
        Fill(recall, -1);
        for (int ki = 0; ki < k; ki++)
            for (int ai = 0; ai < a; ai++)
            {
                var present = Enumerable.Range(0, images.GetLength(2)).Select(i => images[ki, ai, i]).OfType<ImageEvaluation>().ToList();
                for (int mi = 0; mi < m; mi++)
                    Accumulate(present, maxDetections[mi], (ti, values, reached) =>
                    {
                        for (int ri = 0; ri < r; ri++) precision[ti, ri, ki, ai, mi] = values[ri];
                        recall[ti, ki, ai, mi] = reached;
                    });
            }
        return new Accumulation(precision, recall);
    }

    private static void Accumulate(List<ImageEvaluation> images, int maxDet, Action<int, double[], double> store)
    {
        if (images.Count == 0) return;
        int regular = images.Sum(e => e.TruthIgnored.Count(ignored => !ignored));
        if (regular == 0) return;
        // (image, detection) pairs, the best maxDet of each image, sorted by score with ties in image order.
        var pairs = images.SelectMany(e => Enumerable.Range(0, Math.Min(maxDet, e.Scores.Length)).Select(d => (Image: e, Detection: d)))
            .OrderByDescending(p => p.Image.Scores[p.Detection]).ToList();
        for (int ti = 0; ti < CocoEvalParams.IouThresholds.Length; ti++)
        {
            var (recalls, precisions) = Curve(pairs, ti, regular);
            store(ti, Sample(recalls, precisions), recalls.Length > 0 ? recalls[^1] : 0);
        }
    }

    /// <summary>Recall and (monotone) precision after each detection that is not ignored.</summary>
    private static (double[] Recall, double[] Precision) Curve(List<(ImageEvaluation Image, int Detection)> pairs, int ti, int regular)
    {
        var recalls = new double[pairs.Count];
        var precisions = new double[pairs.Count];
        double tp = 0, fp = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            var (image, d) = pairs[i];
            if (!image.Ignored[ti, d])
            {
                if (image.Matched[ti, d]) tp++;
                else fp++;
            }
            recalls[i] = tp / regular;
            precisions[i] = tp / (fp + tp + CocoEvalParams.Epsilon);
        }
        for (int i = precisions.Length - 1; i > 0; i--)
            if (precisions[i] > precisions[i - 1]) precisions[i - 1] = precisions[i];
        return (recalls, precisions);
    }

    /// <summary>Precision at each recall threshold: at the first detection whose recall reaches it (numpy's searchsorted, left).</summary>
    private static double[] Sample(double[] recalls, double[] precisions)
    {
        var thresholds = CocoEvalParams.RecallThresholds;
        var values = new double[thresholds.Length];
        for (int ri = 0; ri < thresholds.Length; ri++)
        {
            int at = LowerBound(recalls, thresholds[ri]);
            if (at >= recalls.Length) break; // pycocotools stops at the first threshold beyond the last recall
            values[ri] = precisions[at];
        }
        return values;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            int mid = (low + high) / 2;
            if (sorted[mid] < value) low = mid + 1;
            else high = mid;
        }
        return low;
    }

    private static void Fill(Array array, double value) =>
        MemoryMarshal.CreateSpan(ref Unsafe.As<byte, double>(ref MemoryMarshal.GetArrayDataReference(array)), array.Length).Fill(value);
}
