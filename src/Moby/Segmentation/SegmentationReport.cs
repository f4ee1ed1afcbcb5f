using System.Text.Json;
using Moby.Data.Segmentation;
using Moby.Interop;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// What an evaluation leaves in its folder: eval.json (the scores, per class too) and predictions/NNNNNN.png for the
/// first few images (image, ground truth, prediction).
/// </summary>
internal static class SegmentationReport
{
    public const string FileName = "eval.json";

    /// <summary>Runs <paramref name="evaluator"/>, drawing the first <paramref name="pictures"/> images, and writes eval.json.</summary>
    public static SegmentationScores Evaluate(SegmentationEvaluator evaluator, SegmentationModel model, IReadOnlyList<string> classes, string folder, int pictures)
    {
        string predictions = Path.Combine(folder, "predictions");
        if (pictures > 0) Directory.CreateDirectory(predictions);
        var metrics = evaluator.Run(model, (index, sample, predicted) =>
        {
            if (index >= pictures) return;
            using var bytes = predicted.to_type(ScalarType.Byte);
            PredictionPicture.Save(Path.Combine(predictions, $"{index:D6}.png"), sample.Image, sample.Labels, bytes.data<byte>().ToArray());
        });
        var scores = SegmentationScores.From(metrics, classes);
        Write(Path.Combine(folder, FileName), scores);
        return scores;
    }

    private static void Write(string path, SegmentationScores scores)
    {
        static double? Defined(double v) => double.IsNaN(v) ? null : v;
        var document = new
        {
            mIoU = Defined(scores.MeanIou), mIoU_without_class_0 = Defined(scores.MeanIouWithoutFirstClass),
            mAcc = Defined(scores.MeanAccuracy), aAcc = Defined(scores.AllAccuracy),
            classes = scores.PerClass.Select(c => new { name = c.Class, IoU = Defined(c.Iou), Acc = Defined(c.Accuracy) }),
        };
        AtomicFile.Write(path, stream => JsonSerializer.Serialize(stream, document, new JsonSerializerOptions { WriteIndented = true }));
    }
}
