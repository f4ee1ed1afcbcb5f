using Moby.Data.Detection;
using Moby.Detection;
using Moby.Detection.Evaluation;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>
/// The model's output turned into COCO results (labels, scores, boxes, masks run-length encoded at the original size),
/// scored on a scene split: its ground truth given as the model's output scores 1 for boxes and masks, shifted boxes less.
/// </summary>
public class DetectionResultTests
{
    /// <summary>An image's targets as the model returns detections: boxes, scores, labels, masks [K, H, W] uint8.</summary>
    private static Detections AsDetections(ImageInstances t, float shift) => new(
        tensor(t.Boxes, [t.Count, 4]) + shift, full(t.Count, 0.9f), tensor(t.Labels, [t.Count]), tensor(t.Masks, [t.Count, t.Height, t.Width]));

    [Fact]
    public void GroundTruthAsModelOutputScoresOneAndShiftedBoxesLess()
    {
        using var dir = new TempDir();
        var set = TinyDetectionModel.Validation(TinyDetectionModel.Scenes(dir));
        var exact = new CocoEvaluator(set.Coco);
        var shifted = new CocoEvaluator(set.Coco);
        for (int i = 0; i < set.Count; i++)
        {
            var targets = set.Load(i).Targets;
            using (var d = AsDetections(targets, 0)) exact.Add(i, DetectionResult.Of(d));
            using (var d = AsDetections(targets, 2)) shifted.Add(i, DetectionResult.Of(d));
        }
        Assert.True(set.Coco.Annotations.Count >= 4, "the split has objects to find");
        foreach (var kind in new[] { IouKind.Box, IouKind.Mask })
        {
            var scores = exact.Score(kind);
            Assert.Equal(1, scores.Ap, 12);
            Assert.Equal(1, scores.Ar100, 12);
            Assert.Contains(scores.ApPerCategory, v => v == 1);
        }
        Assert.InRange(shifted.Score(IouKind.Box).Ap, 0.01, 0.99);  // 2 px off objects of 16 to 40 px
        Assert.Equal(1, shifted.Score(IouKind.Mask).Ap, 12);        // the masks were not moved
        var scores2 = DetectionScores.From(exact.Score(IouKind.Box), shifted.Score(IouKind.Box), set.ClassNames);
        Assert.Equal(set.ClassNames, scores2.PerClass.Select(c => c.Class));
        Assert.All(scores2.PerClass, c => Assert.True(double.IsNaN(c.BoxAp) == double.IsNaN(c.MaskAp)));
    }

    [Fact]
    public void ResultsKeepLabelsScoresBoxesAndMasksAndBinariseProbabilitiesAtOneHalf()
    {
        var probabilities = zeros(2, 3, 4);
        probabilities[0, 1, 2] = 0.7f;
        probabilities[0, 2, 3] = 0.5f;
        probabilities[1, 0, 0] = 0.49f;
        using var detections = new Detections(tensor(new float[] { 1, 0.5f, 3, 2, 0, 0, 1, 1 }, [2, 4]), tensor(new[] { 0.8f, 0.3f }),
                                              tensor(new long[] { 4, 1 }), probabilities);
        var results = DetectionResult.Of(detections);
        Assert.Equal([4, 1], results.Select(r => r.Label));
        Assert.Equal([0.8f, 0.3f], results.Select(r => r.Score));
        Assert.Equal([1, 0.5f, 3, 2], results[0].Box);
        Assert.Equal((3, 4), (results[0].Mask!.Height, results[0].Mask!.Width));
        var mask = results[0].Mask!.Decode();   // row-major
        Assert.Equal([6, 11], Enumerable.Range(0, 12).Where(p => mask[p] == 1));
        Assert.Equal(0, results[1].Mask!.Area);
        using var none = new Detections(zeros(0, 4), zeros(0), zeros(0, dtype: ScalarType.Int64), zeros(0, 3, 4, dtype: ScalarType.Byte));
        Assert.Empty(DetectionResult.Of(none));
    }

    [Fact]
    public void AResultsLineIsCocosFormat()
    {
        var d = DetectionResult.WithMask(1, 0.75f, [2, 3, 10, 7], new byte[] { 0, 1, 1, 0, 0, 1 }, 3, 2);
        var line = CocoResult.Of("a/b.png", d, [7, 9], ["cat", "dog"]);
        string json = System.Text.Json.JsonSerializer.Serialize(line, CocoResult.Json);
        Assert.Equal("""{"file_name":"a/b.png","category_id":9,"category":"dog","bbox":[2,3,8,4],"score":0.75,"segmentation":{"size":[2,3],"counts":"""
                     + $"\"{d.Mask!.Compress()}\"" + "}}", json);
        Assert.Equal(d.Mask.Decode(), RleMask.FromString(System.Text.Encoding.ASCII.GetBytes(d.Mask.Compress()), 2, 3).Decode());
    }
}
