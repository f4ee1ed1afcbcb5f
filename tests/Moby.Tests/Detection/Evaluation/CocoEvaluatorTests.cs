using System.Text;
using Moby.Data.Detection;
using Moby.Detection.Evaluation;
using Xunit;

namespace Moby.Tests.Detection.Evaluation;

/// <summary>COCO AP on hand-made cases whose values follow from COCOeval's definitions by hand.</summary>
public class CocoEvaluatorTests
{
    private const double Eps = 2.220446049250313e-16; // numpy's spacing(1) in COCOeval's precision

    /// <summary>Ground truth on 200 x 200 images 1..<paramref name="images"/>, one category per name; boxes [x, y, w, h], area w x h unless given.</summary>
    private static CocoFile Truth(int images, string[] categories, params (int Image, int Category, double[] Box, bool Crowd)[] annotations)
    {
        var json = new StringBuilder("{\"images\": [");
        json.AppendJoin(", ", Enumerable.Range(1, images).Select(i => $"{{\"id\": {i}, \"width\": 200, \"height\": 200}}"));
        json.Append("], \"categories\": [").AppendJoin(", ", categories.Select((c, k) => $"{{\"id\": {k + 1}, \"name\": \"{c}\"}}"));
        json.Append("], \"annotations\": [").AppendJoin(", ", annotations.Select((a, n) =>
            $"{{\"id\": {n + 1}, \"image_id\": {a.Image}, \"category_id\": {a.Category}, \"bbox\": [{string.Join(", ", a.Box)}], \"area\": {a.Box[2] * a.Box[3]}, \"iscrowd\": {(a.Crowd ? 1 : 0)}}}"));
        return CocoFile.Parse(Encoding.UTF8.GetBytes(json.Append("]}").ToString()), "truth.json", CocoLimits.Default);
    }

    /// <summary>A detection of label <paramref name="label"/> on the box [x, y, w, h].</summary>
    private static DetectionResult Found(int label, float score, params float[] xywh) => new(label, score, [xywh[0], xywh[1], xywh[0] + xywh[2], xywh[1] + xywh[3]]);

    /// <summary>Equal within 1e-12: precision is tp / (tp + fp + eps) and means sum 101 values, so 1 comes out as 1 - 2e-16.</summary>
    private static void Near(double[] expected, params double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 12);
    }

    private static CocoScores Score(CocoFile truth, params (int Image, DetectionResult Detection)[] found)
    {
        var evaluator = new CocoEvaluator(truth);
        foreach (var (image, d) in found) evaluator.Add(image, [d]);
        return evaluator.Score(IouKind.Box);
    }

    [Fact]
    public void PerfectDetectionsScoreOne()
    {
        // Areas 100 (small), 2500 (medium), 10000 (large), two categories, two images.
        var truth = Truth(2, ["a", "b"], (1, 1, [0, 0, 10, 10], false), (1, 2, [50, 50, 50, 50], false), (2, 1, [20, 20, 100, 100], false));
        var scores = Score(truth, (0, Found(0, 0.9f, 0, 0, 10, 10)), (0, Found(1, 0.8f, 50, 50, 50, 50)), (1, Found(0, 0.7f, 20, 20, 100, 100)));
        Near([1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], scores.Stats);
        Near([1.0, 1.0], [.. scores.ApPerCategory]);
    }

    [Fact]
    public void AFalsePositiveAboveTheTruePositiveHalvesAp()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false));
        // Sorted: FP (0.9) then TP (0.8): precision 0 then 1/2, made monotone to 1/2 everywhere; recall reaches 1.
        var scores = Score(truth, (0, Found(0, 0.9f, 100, 100, 10, 10)), (0, Found(0, 0.8f, 0, 0, 10, 10)));
        Assert.Equal(1 / (2 + Eps), scores.Ap, 12);
        Assert.Equal(1, scores.Ar100, 12);
        Assert.Equal(0, scores.Ar1, 12); // the best-scored detection alone is the false one
    }

    [Fact]
    public void ADuplicateBelowTheMatchCostsNothingAndOneAboveAMatchedTruthCountsOnce()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false), (1, 1, [50, 50, 10, 10], false));
        // TP, duplicate (FP: its truth is taken), TP: precision 1, 1/2, 2/3; monotone 1, 2/3, 2/3; recall 1/2, 1/2, 1.
        var scores = Score(truth, (0, Found(0, 0.9f, 0, 0, 10, 10)), (0, Found(0, 0.8f, 0, 0, 10, 10)), (0, Found(0, 0.7f, 50, 50, 10, 10)));
        // Recall thresholds 0 to 0.50 (51 of 101) read precision 1, the other 50 read 2 / (3 + eps).
        Assert.Equal((51 + 50 * 2 / (3 + Eps)) / 101, scores.Ap, 12);
        var alone = Score(truth, (0, Found(0, 0.9f, 0, 0, 10, 10)), (0, Found(0, 0.7f, 50, 50, 10, 10)), (0, Found(0, 0.6f, 0, 0, 10, 10)));
        Assert.Equal(1, alone.Ap, 12); // the duplicate comes after full recall
    }

    [Fact]
    public void AMissLimitsRecallAndAp()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false), (1, 1, [50, 50, 10, 10], false));
        var scores = Score(truth, (0, Found(0, 0.9f, 0, 0, 10, 10)));
        Assert.Equal(51.0 / 101, scores.Ap, 12); // precision 1 up to recall 0.5 (thresholds 0, 0.01, ..., 0.50)
        Assert.Equal(0.5, scores.Ar100, 12);
    }

    [Fact]
    public void ScoresOrderDetectionsAcrossImages()
    {
        var truth = Truth(2, ["a"], (1, 1, [0, 0, 10, 10], false), (2, 1, [0, 0, 10, 10], false));
        // FP 0.9 (image 2), TP 0.6 (image 1), TP 0.3 (image 2): precision 0, 1/2, 2/3 made monotone: 2/3 everywhere.
        var scores = Score(truth, (1, Found(0, 0.9f, 100, 100, 10, 10)), (0, Found(0, 0.6f, 0, 0, 10, 10)), (1, Found(0, 0.3f, 0, 0, 10, 10)));
        Assert.Equal(2 / (3 + Eps), scores.Ap, 12);
        var reordered = Score(truth, (1, Found(0, 0.2f, 100, 100, 10, 10)), (0, Found(0, 0.6f, 0, 0, 10, 10)), (1, Found(0, 0.3f, 0, 0, 10, 10)));
        Assert.Equal(1, reordered.Ap, 12); // the same boxes, the false one scored last
    }

    [Fact]
    public void ThresholdsDecideWhichIousCountAndTheBoundaryMatches()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 4, 4], false));
        // IoU 12 / 16 = 0.75 exactly: a match at thresholds 0.50 to 0.75 (six of ten), none above.
        var scores = Score(truth, (0, Found(0, 0.9f, 0, 0, 4, 3)));
        Assert.Equal(0.6, scores.Ap, 12);
        Near([1.0, 1.0], scores.Ap50, scores.Ap75);
        Assert.Equal(0.6, scores.Ar100, 12);
    }

    [Fact]
    public void DetectionsInACrowdRegionAreIgnored()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false), (1, 1, [100, 100, 50, 50], true));
        // Two small detections inside the crowd region: IoU against a crowd is intersection / detection area = 1, so
        // both match it and are ignored; the false positive below the true one does not change precision at full recall.
        var scores = Score(truth, (0, Found(0, 0.95f, 110, 110, 10, 10)), (0, Found(0, 0.9f, 0, 0, 10, 10)),
                           (0, Found(0, 0.85f, 120, 120, 10, 10)), (0, Found(0, 0.5f, 60, 0, 10, 10)));
        Assert.Equal(1, scores.Ap, 12);
        Assert.Equal(1, scores.Ar100, 12);
        // Were the region a regular object, the first detection would be a false positive above the true one.
        var regular = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false), (1, 1, [100, 100, 50, 50], false));
        var counted = Score(regular, (0, Found(0, 0.95f, 110, 110, 10, 10)), (0, Found(0, 0.9f, 0, 0, 10, 10)));
        Assert.Equal(51 / (2 + Eps) / 101, counted.Ap, 12); // recall 1/2 at precision 1/2
    }

    [Fact]
    public void AnImageWithOnlyACrowdRegionHasNothingToFind()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 50, 50], true));
        var scores = Score(truth, (0, Found(0, 0.9f, 0, 0, 50, 50)));
        Assert.All(scores.Stats, v => Assert.Equal(-1, v));
        Assert.True(double.IsNaN(scores.ApPerCategory[0]));
    }

    [Fact]
    public void AreaRangesScoreEachSizeOnItsOwn()
    {
        // Small (area 100), medium (2500, missed) and large (10000): only regular truth of a range counts in it.
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false), (1, 1, [30, 30, 50, 50], false), (1, 1, [90, 90, 100, 100], false));
        var scores = Score(truth, (0, Found(0, 0.9f, 0, 0, 10, 10)), (0, Found(0, 0.8f, 90, 90, 100, 100)));
        Assert.Equal(67.0 / 101, scores.Ap, 12); // recall 2/3 at precision 1: thresholds 0 to 0.66
        Near([1.0, 0.0, 1.0], scores.ApSmall, scores.ApMedium, scores.ApLarge);
        Near([1.0, 0.0, 1.0], scores.ArSmall, scores.ArMedium, scores.ArLarge);
        // A truth of area exactly 32² is both small and medium (COCOeval's ranges include their ends).
        var edge = Truth(1, ["a"], (1, 1, [0, 0, 32, 32], false));
        var both = Score(edge, (0, Found(0, 0.9f, 0, 0, 32, 32)));
        Near([1.0, 1.0, -1.0], both.ApSmall, both.ApMedium, both.ApLarge);
    }

    [Fact]
    public void UnmatchedDetectionsOutsideARangeAreIgnoredInIt()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false));
        // A large false positive scored first: a false positive for "all", ignored for "small".
        var scores = Score(truth, (0, Found(0, 0.9f, 50, 50, 100, 100)), (0, Found(0, 0.8f, 0, 0, 10, 10)));
        Assert.Equal(1 / (2 + Eps), scores.Ap, 12);
        Assert.Equal(1, scores.ApSmall, 12);
    }

    [Fact]
    public void DetectionBudgetsLimitRecall()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false), (1, 1, [50, 50, 10, 10], false));
        var scores = Score(truth, (0, Found(0, 0.9f, 0, 0, 10, 10)), (0, Found(0, 0.8f, 50, 50, 10, 10)));
        Near([0.5, 1.0, 1.0], scores.Ar1, scores.Ar10, scores.Ar100);
    }

    [Fact]
    public void CategoriesAreScoredApartAndAveraged()
    {
        var truth = Truth(1, ["a", "b"], (1, 1, [0, 0, 10, 10], false), (1, 2, [50, 50, 10, 10], false));
        // Category b's detection lies on category a's object: b's truth is missed and the detection is b's false positive.
        var scores = Score(truth, (0, Found(0, 0.9f, 0, 0, 10, 10)), (0, Found(1, 0.9f, 0, 0, 10, 10)));
        Near([1.0, 0.0], [.. scores.ApPerCategory]);
        Assert.Equal(0.5, scores.Ap, 12);
    }

    [Fact]
    public void MaskApComparesMasks()
    {
        var truth = Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false));
        // No segmentation in the file: the truth's mask is its box (pixels 0-9). A detection covering columns 0-4
        // (half of it) has mask IoU 0.5: matched at threshold 0.50 only, whatever its box says.
        var half = new byte[200 * 200];
        for (int y = 0; y < 10; y++) half.AsSpan(y * 200, 5).Fill(1);
        var evaluator = new CocoEvaluator(truth);
        evaluator.Add(0, [DetectionResult.WithMask(0, 0.9f, [0, 0, 10, 10], half, 200, 200)]);
        var masks = evaluator.Score(IouKind.Mask);
        Near([0.1, 1.0, 0.0], masks.Ap, masks.Ap50, masks.Ap75);
        Assert.Equal(1, evaluator.Score(IouKind.Box).Ap, 12);
        var boxOnly = new CocoEvaluator(truth);
        boxOnly.Add(0, [Found(0, 0.9f, 0, 0, 10, 10)]);
        Assert.Throws<ArgumentException>(() => boxOnly.Score(IouKind.Mask));
    }

    [Fact]
    public void BadDetectionsAreRefused()
    {
        var evaluator = new CocoEvaluator(Truth(1, ["a"], (1, 1, [0, 0, 10, 10], false)));
        Assert.Throws<ArgumentOutOfRangeException>(() => evaluator.Add(1, []));
        Assert.Throws<ArgumentException>(() => evaluator.Add(0, [Found(1, 0.5f, 0, 0, 1, 1)]));
        Assert.Throws<ArgumentException>(() => evaluator.Add(0, [Found(0, float.NaN, 0, 0, 1, 1)]));
        Assert.Throws<ArgumentException>(() => evaluator.Add(0, [DetectionResult.WithMask(0, 0.5f, [0, 0, 1, 1], new byte[4], 2, 2)]));
    }
}
