using Moby.Data.Detection;
using Moby.Detection.Evaluation;
using Moby.Nn;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// Mask R-CNN over every image of a split in order (mmdet's single_gpu_test): batches of the test pipeline built on
/// worker threads, each image's detections at its original size turned into results (masks run-length encoded) and
/// handed to a <see cref="CocoEvaluator"/> of the split's ground truth, which scores boxes and masks. A batch holds as
/// many images as their pasted masks allow together (<paramref name="masks"/>).
/// </summary>
internal sealed class DetectionEvaluator(DetectionSet set, DetectionTransform transform, int batchSize, int workers, MaskBudget masks)
{
    /// <param name="predicted">Shown each image's index and results, e.g. to draw a few.</param>
    public CocoEvaluator Run(MaskRCNN model, Action<int, IReadOnlyList<DetectionResult>>? predicted = null)
    {
        var coco = new CocoEvaluator(set.Coco);
        var loader = new DetectionLoader(set, Enumerable.Range(0, set.Count).ToArray(), transform, batchSize, seed: 0, workers);
        var device = ComputeDevice.Of(model);
        bool training = model.training;
        model.eval();
        try
        {
            foreach (var batch in loader.InOrder(masks.Batches(set, model.Config, batchSize)))
                using (batch)
                using (NewDisposeScope())
                {
                    var detections = model.Predict(batch.Images.to(device), batch.Metas.Select(ImageMeta.Of).ToList());
                    try
                    {
                        for (int k = 0; k < detections.Count; k++)
                        {
                            var results = DetectionResult.Of(detections[k]);
                            coco.Add(batch.Metas[k].Index, results);
                            predicted?.Invoke(batch.Metas[k].Index, results);
                        }
                    }
                    finally
                    {
                        foreach (var d in detections) d.Dispose();
                    }
                }
        }
        finally
        {
            model.train(training);
        }
        return coco;
    }
}
