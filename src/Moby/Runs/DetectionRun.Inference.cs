using System.Text.Json;
using Moby.Config.Memory;
using Moby.Data;
using Moby.Data.Detection;
using Moby.Detection;
using Moby.Detection.Evaluation;
using Moby.Interop;
using Moby.Nn;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// Object detection and instance segmentation with Mask R-CNN on a Swin backbone (moby detect): the evaluation of a
/// trained checkpoint with COCO's metric and the prediction of a folder of images.
/// </summary>
public static partial class DetectionRun
{
    /// <summary>The evaluation's forward passes hold about this many test-scale pixels (one COCO image at 1333 x 800,
    /// a batch of 16 at the scenes' 64 px); mmdet tests one image per GPU.</summary>
    private const long EvalPixelsPerBatch = 1 << 20;

    /// <summary>Evaluates a detection checkpoint (written by moby detect train) on the validation split of its data or
    /// of <paramref name="data"/>: box and mask AP (pycocotools' COCOeval), eval.json and <paramref name="pictures"/> pictures.</summary>
    /// <param name="data">coco:/images,/instances.json or coco:/folder; null: the checkpoint's MOBYNET.DET.DATA.</param>
    /// <param name="output">Where eval.json and predictions/ go; null = an "eval" folder beside the checkpoint.</param>
    /// <param name="options">KEY=VALUE overrides of the checkpoint's configuration, e.g. MOBYNET.DEVICE, MOBYNET.PRECISION
    /// (auto: as the checkpoint trained), MOBYNET.DET.TEST_SCALE, MOBYNET.DET.SCORE_THR.</param>
    /// <param name="say">Where notes go (the precision chosen when it departs from the checkpoint's); null: nowhere.</param>
    public static DetectionScores Evaluate(string weights, string? data, string? output, int pictures = 8, IEnumerable<string>? options = null,
                                           Action<string>? say = null)
    {
        using var loaded = DetectionModelFile.Open(weights, options, say);
        var set = DetectionDataRecipe.Open(loaded.Tree, data, DataSplit.Test, warn: null);
        CheckCategories(set.Coco, loaded.Classes, loaded.CategoryIds, weights, say);
        output ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weights))!, "eval");
        using var folder = OutputFolder.Create(output); // removed again if the evaluation fails before writing
        var scale = loaded.Tree.Ints("MOBYNET.DET.TEST_SCALE");
        int batchSize = (int)Math.Clamp(EvalPixelsPerBatch / ((long)scale[0] * scale[1]), 1, 16);
        using (Precision.Use(loaded.Precision))
            return DetectionReport.Evaluate(loaded.Model, loaded.Tree, set, loaded.Classes, output, Math.Max(0, pictures), batchSize,
                                           DetectionRecipe.Masks(MemoryLimit.Current()));
    }

    /// <summary>Draws the detections of every image file in <paramref name="input"/> (and below) as a PNG of the same
    /// relative name in <paramref name="output"/> (boxes, masks, class and score) and writes them all to detections.json
    /// in COCO's results format (per detection: file_name, category_id, category, bbox [x, y, w, h], score, segmentation
    /// as compressed RLE). An image that does not decode (or declares more than MOBYNET.MAX_IMAGE_PIXELS) is skipped with
    /// a warning naming it.</summary>
    /// <param name="options">KEY=VALUE overrides of the checkpoint's configuration, as for <see cref="Evaluate"/>;
    /// MOBYNET.DET.SCORE_THR sets the lowest score kept (drawn and written).</param>
    /// <param name="say">Where notes and warnings go; null: nowhere.</param>
    /// <returns>The number of images predicted.</returns>
    public static int Predict(string weights, string input, string output, IEnumerable<string>? options = null, Action<string>? say = null) =>
        Predict(weights, input, output, MemoryLimit.Current(), options, say);

    /// <summary><see cref="Predict(string, string, string, IEnumerable{string}?, Action{string}?)"/> within <paramref name="memory"/>,
    /// which bounds the masks of one image (tests give their own).</summary>
    internal static int Predict(string weights, string input, string output, MemoryLimit memory, IEnumerable<string>? options = null,
                                Action<string>? say = null)
    {
        using var loaded = DetectionModelFile.Open(weights, options, say);
        var model = loaded.Model;
        var transform = new DetectionTransform(DetectionDataRecipe.Test(loaded.Tree), SegmentationRecipe.Input(model.Config.Backbone.InChans));
        var decoding = new ImageDecodeOptions { MaxPixels = loaded.Tree.Int("MOBYNET.MAX_IMAGE_PIXELS") };
        var ids = loaded.CategoryIds ?? Enumerable.Range(1, loaded.Classes.Count).Select(i => (long)i).ToArray();
        var device = ComputeDevice.Of(model);
        var found = new List<CocoResult>();
        using var precision = Precision.Use(loaded.Precision);
        int written = 0;
        var masks = DetectionRecipe.Masks(memory);
        var images = PredictionFolder.Read(input, output, decoding, say, (file, image) => masks.Require(file, model.Config, image.Width, image.Height));
        using var folder = OutputFolder.Create(output); // removed again if no image is taken
        foreach (var (relative, image, picture) in images)
        {
            var results = Detect(model, transform, image, device);
            DetectionPicture.Save(picture, image, loaded.Classes, new DetectionPicture.Panel(results, Scores: true));
            found.AddRange(results.Select(d => CocoResult.Of(relative.Replace(Path.DirectorySeparatorChar, '/'), d, ids, loaded.Classes)));
            written++;
        }
        AtomicFile.Write(Path.Combine(output, "detections.json"), stream => JsonSerializer.Serialize(stream, found, CocoResult.Json));
        return written;
    }

    /// <summary>One image through the test pipeline and the model (in eval mode): its detections at its own size.</summary>
    private static List<DetectionResult> Detect(MaskRCNN model, DetectionTransform transform, DecodedImage image, Device device)
    {
        var prepared = transform.Apply(new DetectionSample(image, new ImageInstances([], [], [], image.Width, image.Height)), 0, 0, 0);
        using var batch = DetectionBatch.Collate([prepared]);
        using var scope = NewDisposeScope();
        var detections = model.Predict(batch.Images.to(device), [ImageMeta.Of(prepared.Meta)]);
        try
        {
            return DetectionResult.Of(detections[0]);
        }
        finally
        {
            foreach (var d in detections) d.Dispose();
        }
    }

    /// <summary>The validation data must have the checkpoint's classes: as many, with its category ids when it records
    /// them (labels follow the file's category order); other names are said but allowed (a renamed category).</summary>
    private static void CheckCategories(CocoFile coco, IReadOnlyList<string> classes, long[]? ids, string weights, Action<string>? say)
    {
        if (coco.Categories.Count != classes.Count)
            throw new DataException($"'{ShownNames.Path(coco.Path)}' has {coco.Categories.Count} categories, but {ShownNames.Path(weights)} was trained on {classes.Count} classes");
        if (ids is not null && !coco.Categories.Select(c => c.Id).SequenceEqual(ids))
            throw new DataException($"'{ShownNames.Path(coco.Path)}' has the category ids [{string.Join(", ", coco.Categories.Select(c => c.Id))}] in its order, " +
                                    $"but {ShownNames.Path(weights)} was trained on [{string.Join(", ", ids)}]");
        var renamed = coco.Categories.Select((c, k) => (c.Name, Trained: classes[k])).Where(p => p.Name != p.Trained).ToList();
        if (renamed.Count > 0)
            say?.Invoke($"note: {renamed.Count} categories of '{ShownNames.Path(coco.Path)}' are named otherwise than in {ShownNames.Path(weights)} (first: '{ShownNames.One(renamed[0].Name)}', trained as '{ShownNames.One(renamed[0].Trained)}')");
    }
}
