namespace Moby.Detection.Evaluation;

/// <summary>
/// COCOeval's summary (its <c>stats</c>, in its order): AP over IoU .50:.95, AP at .50 and .75, AP for small, medium
/// and large objects (all with 100 detections), AR with 1, 10 and 100 detections, AR small / medium / large; and AP
/// per category (mmdet's classwise AP: area all, 100 detections). Each is the mean over the settings that have
/// ground truth; -1 when none has (COCOeval's convention), NaN per category without ground truth.
/// </summary>
internal sealed record CocoScores(double Ap, double Ap50, double Ap75, double ApSmall, double ApMedium, double ApLarge,
                                  double Ar1, double Ar10, double Ar100, double ArSmall, double ArMedium, double ArLarge,
                                  IReadOnlyList<double> ApPerCategory)
{
    /// <summary>The twelve values in COCOeval's order (stats[0] to stats[11]).</summary>
    public double[] Stats => [Ap, Ap50, Ap75, ApSmall, ApMedium, ApLarge, Ar1, Ar10, Ar100, ArSmall, ArMedium, ArLarge];

    /// <summary>COCOeval.summarize over an accumulation: area index 0 = all, 1 small, 2 medium, 3 large; max-detections index 2 = 100.</summary>
    public static CocoScores Summarize(Accumulation a)
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
