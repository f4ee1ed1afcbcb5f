namespace Moby.Detection.Evaluation;

/// <summary>
/// COCOeval's summary (its <c>stats</c>, in its order): AP over IoU .50:.95, AP at .50 and .75, AP for small, medium
/// and large objects (all with 100 detections), AR with 1, 10 and 100 detections, AR small / medium / large; and AP
/// per category (mmdet's classwise AP: area all, 100 detections). Each is the mean over the settings that have
/// ground truth; -1 when none has (COCOeval's convention), NaN per category without ground truth.
/// </summary>
public sealed record CocoScores
{
    internal CocoScores(double ap, double ap50, double ap75, double apSmall, double apMedium, double apLarge,
                        double ar1, double ar10, double ar100, double arSmall, double arMedium, double arLarge, IReadOnlyList<double> apPerCategory) =>
        (Ap, Ap50, Ap75, ApSmall, ApMedium, ApLarge, Ar1, Ar10, Ar100, ArSmall, ArMedium, ArLarge, ApPerCategory) =
        (ap, ap50, ap75, apSmall, apMedium, apLarge, ar1, ar10, ar100, arSmall, arMedium, arLarge, apPerCategory);

    /// <summary>The names of <see cref="Stats"/>' values, as COCOeval's summary lines and mmdet's logs abbreviate them.</summary>
    public static IReadOnlyList<string> StatNames { get; } = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"];

    /// <summary>AP averaged over IoU 0.50:0.05:0.95 (COCO's primary metric).</summary>
    public double Ap { get; }
    /// <summary>AP at IoU 0.50 (PASCAL VOC's).</summary>
    public double Ap50 { get; }
    /// <summary>AP at IoU 0.75.</summary>
    public double Ap75 { get; }
    /// <summary>AP of objects of area up to 32².</summary>
    public double ApSmall { get; }
    /// <summary>AP of objects of area 32² to 96².</summary>
    public double ApMedium { get; }
    /// <summary>AP of objects of area above 96².</summary>
    public double ApLarge { get; }
    /// <summary>AR with 1 detection per image and category.</summary>
    public double Ar1 { get; }
    /// <summary>AR with 10 detections.</summary>
    public double Ar10 { get; }
    /// <summary>AR with 100 detections.</summary>
    public double Ar100 { get; }
    /// <summary>AR of small objects (100 detections).</summary>
    public double ArSmall { get; }
    /// <summary>AR of medium objects.</summary>
    public double ArMedium { get; }
    /// <summary>AR of large objects.</summary>
    public double ArLarge { get; }

    /// <summary>AP per category, in label order (the COCO file's category order); NaN for a category without ground truth.</summary>
    public IReadOnlyList<double> ApPerCategory { get; internal init; }

    /// <summary>The twelve values in COCOeval's order (stats[0] to stats[11]).</summary>
    public double[] Stats => [Ap, Ap50, Ap75, ApSmall, ApMedium, ApLarge, Ar1, Ar10, Ar100, ArSmall, ArMedium, ArLarge];

    /// <summary>COCOeval.summarize over an accumulation: area index 0 = all, 1 small, 2 medium, 3 large; max-detections index 2 = 100.</summary>
    internal static CocoScores Summarize(Accumulation a)
    {
        int last = CocoEvalParams.MaxDetections.Length - 1;
        double Ap(int area = 0, int? threshold = null) => Mean(Precision(a, area, last, threshold, category: null));
        double Ar(int maxDet, int area = 0) => Mean(Recall(a, area, maxDet));
        var perCategory = Enumerable.Range(0, a.Precision.GetLength(2)).Select(k =>
        {
            double mean = Mean(Precision(a, 0, last, null, k));
            return mean == -1 ? double.NaN : mean;
        }).ToArray();
        return new CocoScores(Ap(), Ap(threshold: 0), Ap(threshold: 5), Ap(1), Ap(2), Ap(3), Ar(0), Ar(1), Ar(last), Ar(last, 1), Ar(last, 2), Ar(last, 3), perCategory);
    }

    private static IEnumerable<double> Precision(Accumulation a, int area, int maxDet, int? threshold, int? category)
    {
        var p = a.Precision;
        for (int t = 0; t < p.GetLength(0); t++)
            if (threshold is null || threshold == t)
                for (int r = 0; r < p.GetLength(1); r++)
                    for (int k = 0; k < p.GetLength(2); k++)
                        if (category is null || category == k) yield return p[t, r, k, area, maxDet];
    }

    private static IEnumerable<double> Recall(Accumulation a, int area, int maxDet)
    {
        var r = a.Recall;
        for (int t = 0; t < r.GetLength(0); t++)
            for (int k = 0; k < r.GetLength(1); k++) yield return r[t, k, area, maxDet];
    }

    /// <summary>The mean of the values above -1; -1 when there are none.</summary>
    private static double Mean(IEnumerable<double> values)
    {
        var kept = values.Where(v => v > -1).ToList();
        return kept.Count == 0 ? -1 : kept.Sum() / kept.Count;
    }
}
