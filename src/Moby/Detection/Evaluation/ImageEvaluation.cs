namespace Moby.Detection.Evaluation;

/// <summary>
/// COCOeval's evaluateImg for one image, category and area range: ground truth outside the range or crowd is ignored
/// (and sorted last); at each IoU threshold every detection, best score first, takes the unmatched truth of highest
/// IoU not below the threshold (a crowd region may take any number, and once a detection holds a regular truth it never
/// moves to an ignored one); a detection matched to ignored truth is ignored, and so is an unmatched one outside the
/// area range.
/// </summary>
internal sealed class ImageEvaluation
{
    private ImageEvaluation(double[] scores, bool[,] matched, bool[,] ignored, bool[] truthIgnored) =>
        (Scores, Matched, Ignored, TruthIgnored) = (scores, matched, ignored, truthIgnored);

    /// <summary>The detections' scores, best first.</summary>
    public double[] Scores { get; }

    /// <summary>[threshold, detection]: matched to some truth.</summary>
    public bool[,] Matched { get; }

    /// <summary>[threshold, detection]: counted neither as a true nor as a false positive.</summary>
    public bool[,] Ignored { get; }

    public bool[] TruthIgnored { get; }

    /// <param name="detections">Sorted by score, best first (stable), at most the largest maxDets.</param>
    /// <param name="ious">[detection, truth] in the order of <paramref name="detections"/> and <paramref name="truths"/>.</param>
    /// <returns>Null when the image has neither truth nor detections of the category (COCOeval's None).</returns>
    public static ImageEvaluation? Of(IReadOnlyList<ScoredDetection> detections, IReadOnlyList<GroundTruth> truths, double[,] ious, (double Low, double High) range)
    {
        if (detections.Count == 0 && truths.Count == 0) return null;
        bool Outside(double area) => area < range.Low || area > range.High;
        // Regular truth first, ignored truth last, each in file order (a stable sort).
        var order = Enumerable.Range(0, truths.Count).OrderBy(g => truths[g].Crowd || Outside(truths[g].Area)).ToArray();
        var ignoredTruth = order.Select(g => truths[g].Crowd || Outside(truths[g].Area)).ToArray();
        var crowd = order.Select(g => truths[g].Crowd).ToArray();
        var thresholds = CocoEvalParams.IouThresholds;
        int t = thresholds.Length, n = detections.Count;
        var matched = new bool[t, n];
        var ignored = new bool[t, n];
        for (int ti = 0; ti < t; ti++)
        {
            var taken = new bool[order.Length];
            for (int d = 0; d < n; d++)
            {
                int m = Match(d, ti, order, ious, taken, ignoredTruth, crowd);
                if (m < 0) continue;
                (ignored[ti, d], matched[ti, d], taken[m]) = (ignoredTruth[m], true, true);
            }
        }
        for (int d = 0; d < n; d++)
            for (int ti = 0; ti < t; ti++) ignored[ti, d] |= !matched[ti, d] && Outside(detections[d].Area);
        return new ImageEvaluation(detections.Select(d => d.Score).ToArray(), matched, ignored, ignoredTruth);
    }

    /// <summary>The position (in <paramref name="order"/>) of the truth detection <paramref name="d"/> takes, or -1.</summary>
    private static int Match(int d, int ti, int[] order, double[,] ious, bool[] taken, bool[] ignoredTruth, bool[] crowd)
    {
        double best = Math.Min(CocoEvalParams.IouThresholds[ti], 1 - 1e-10);
        int m = -1;
        for (int g = 0; g < order.Length; g++)
        {
            if (taken[g] && !crowd[g]) continue;
            if (m > -1 && !ignoredTruth[m] && ignoredTruth[g]) break;
            double iou = ious[d, order[g]];
            if (iou < best) continue;
            (best, m) = (iou, g);
        }
        return m;
    }
}
