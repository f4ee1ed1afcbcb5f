using System.Text.Json;
using Moby.Config;
using Moby.Data.Detection;
using Moby.Detection;
using Moby.Detection.Evaluation;
using Moby.Interop;

namespace Moby.Runs;

/// <summary>
/// The evaluation of a detector on a split (moby detect eval, and the trainer's validation): COCO's box and mask AP of
/// the model in eval mode over every image with the test pipeline (MOBYNET.DET.TEST_SCALE, SIZE_DIVISOR), what it leaves
/// in its folder: eval.json (both summaries and each class's AP), and predictions/NNNNNN.png for the first few images
/// (ground truth beside the detections scoring at least <see cref="DetectionPicture.ShowScoreThr"/>).
/// </summary>
internal static class DetectionReport
{
    public const string FileName = "eval.json";

    /// <param name="classes">The class names the model was trained on, one per category of <paramref name="set"/>.</param>
    /// <param name="batchSize">Images per forward pass (padded to the largest of the batch).</param>
    /// <param name="masks">What the pasted masks of one forward may take.</param>
    public static DetectionScores Evaluate(MaskRCNN model, ConfigTree tree, DetectionSet set, IReadOnlyList<string> classes, string directory, int pictures,
                                           int batchSize, MaskBudget masks)
    {
        if (classes.Count != set.NumClasses || model.Config.NumClasses != set.NumClasses)
            throw new ArgumentException($"the data has {set.NumClasses} categories, the model {model.Config.NumClasses} classes and {classes.Count} class names");
        var transform = new DetectionTransform(DetectionDataRecipe.Test(tree), SegmentationRecipe.Input(model.Config.Backbone.InChans));
        int workers = tree.Int("MOBYNET.WORKERS") is > 0 and var w ? w : Environment.ProcessorCount;
        string predictions = Path.Combine(directory, "predictions");
        if (pictures > 0) Directory.CreateDirectory(predictions);
        var coco = new DetectionEvaluator(set, transform, batchSize, workers, masks).Run(model, (index, results) =>
        {
            if (index >= pictures) return;
            var sample = set.Load(index);
            DetectionPicture.Save(Path.Combine(predictions, $"{index:D6}.png"), sample.Image, classes,
                                  new DetectionPicture.Panel(Truth(sample.Targets), Scores: false), new DetectionPicture.Panel(results, Scores: true, DetectionPicture.ShowScoreThr));
        });
        var scores = DetectionScores.From(coco.Score(IouKind.Box), coco.Score(IouKind.Mask), classes);
        Write(Path.Combine(directory, FileName), scores);
        return scores;
    }

    /// <summary>An image's training targets (crowd regions left out) as results to draw.</summary>
    private static List<DetectionResult> Truth(ImageInstances targets) =>
        Enumerable.Range(0, targets.Count).Select(k => DetectionResult.WithMask((int)targets.Labels[k], 1, targets.Boxes.AsSpan(4 * k, 4).ToArray(),
                                                                                 targets.Mask(k), targets.Width, targets.Height)).ToList();

    private static void Write(string path, DetectionScores scores)
    {
        static Dictionary<string, double> Summary(CocoScores s) => CocoScores.StatNames.Zip(s.Stats).ToDictionary(p => p.First, p => p.Second);
        static double? Defined(double v) => double.IsNaN(v) ? null : v;
        var document = new
        {
            bbox = Summary(scores.Box), segm = Summary(scores.Mask),
            classes = scores.PerClass.Select(c => new { name = c.Class, bbox_AP = Defined(c.BoxAp), segm_AP = Defined(c.MaskAp) }),
        };
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
