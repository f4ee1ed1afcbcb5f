using Moby.Data;
using Moby.Data.Detection;
using Moby.Data.Segmentation;
using Moby.Detection.Evaluation;
using Moby.Tests.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Detection.Evaluation;

/// <summary>The metric on a scene split written by make-scenes: its own ground truth scores 1, a shifted copy less.</summary>
public class SceneEvaluationTests
{
    [Fact]
    public void GroundTruthAsDetectionsScoresOneAndShiftedBoxesScoreLess()
    {
        using var dir = new TempDir();
        FashionScenes.Write(SceneTests.FakeFashionMnist(dir), dir.File("s"), new SceneOptions { Size = 64, Train = 1, Val = 12, Seed = 2 });
        var set = DetectionSource.Parse($"coco:{dir.File("s")}").Open(DataSplit.Test, new ImageDecodeOptions(), null);
        var exact = new CocoEvaluator(set.Coco);
        var shifted = new CocoEvaluator(set.Coco);
        for (int i = 0; i < set.Count; i++)
        {
            var image = set.Coco.Images[i];
            var truths = set.Coco.Of(i).ToList();
            exact.Add(i, truths.Select(a => new DetectionResult(a.Label, 0.5f, Corners(a.Box, 0), a.Mask(image.Height, image.Width))));
            shifted.Add(i, truths.Select(a => new DetectionResult(a.Label, 0.5f, Corners(a.Box, 3), a.Mask(image.Height, image.Width))));
        }
        foreach (var kind in new[] { IouKind.Box, IouKind.Mask })
        {
            var scores = exact.Score(kind);
            Assert.Equal(1, scores.Ap, 12);
            Assert.Equal(1, scores.Ar100, 12);
            Assert.All(scores.ApPerCategory.Where(v => !double.IsNaN(v)), v => Assert.Equal(1, v, 12));
        }
        Assert.InRange(shifted.Score(IouKind.Box).Ap, 0.01, 0.99);  // 3 px off objects of 16 to 40 px
        Assert.Equal(1, shifted.Score(IouKind.Mask).Ap, 12);        // the masks were not moved
    }

    private static float[] Corners(double[] box, float shift) =>
        [(float)box[0] + shift, (float)box[1] + shift, (float)(box[0] + box[2]) + shift, (float)(box[1] + box[3]) + shift];
}
