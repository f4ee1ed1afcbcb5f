using Moby.Data;
using Moby.Data.Segmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's metrics over a whole split, each image through the <see cref="SegmentationPredictor"/> and scored against its
/// original labels. Consecutive images of one size go through the model together, up to <paramref name="batchSize"/>.
/// </summary>
internal sealed class SegmentationEvaluator(SegmentationSet set, SegmentationPredictor predictor, int batchSize)
{
    /// <param name="predicted">Shown each image's index, sample and predicted labels [H, W] (int64), e.g. to draw a few.</param>
    public SegmentationMetrics Run(SegmentationModel model, Action<int, SegmentationSample, Tensor>? predicted = null)
    {
        var metrics = new SegmentationMetrics(set.NumClasses);
        bool training = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            for (int start = 0; start < set.Count;)
            {
                using var scope = NewDisposeScope();
                var batch = NextBatch(start);
                var labelMap = batch[0].Sample.Labels;
                var predictions = predictor.Predict(model, batch.Select(b => b.Input).ToList(), labelMap.Height, labelMap.Width);
                for (int k = 0; k < batch.Count; k++)
                {
                    var labels = batch[k].Sample.Labels;
                    metrics.Add(predictions[k], tensor(labels.Labels, [labels.Height, labels.Width]).to_type(ScalarType.Int64));
                    predicted?.Invoke(start + k, batch[k].Sample, predictions[k]);
                }
                start += batch.Count;
            }
        }
        finally
        {
            model.train(training);
        }
        return metrics;
    }

    /// <summary>
    /// Refuses the split, before any image is decoded, when an image's class scores would pass the predictor's bounds at
    /// the size its header declares, or its header cannot be read: either would stop the evaluation there.
    /// </summary>
    public void RequireSizes()
    {
        for (int i = 0; i < set.Count; i++)
            predictor.RequireWithin(set.Describe(i), set.DeclaredSize(i), set.NumClasses);
    }

    /// <summary>
    /// Images from <paramref name="start"/> on while they have the first one's size (before and after preparing) and
    /// fit the predictor's bounds together; an image whose class scores alone pass them is refused, naming it.
    /// </summary>
    private List<(SegmentationSample Sample, ImageBuffer Input)> NextBatch(int start)
    {
        var batch = new List<(SegmentationSample Sample, ImageBuffer Input)>();
        for (int i = start; i < set.Count && batch.Count < batchSize; i++)
        {
            var sample = set.Load(i);
            var size = (sample.Image.Width, sample.Image.Height);
            predictor.RequireWithin(set.Describe(i), size, set.NumClasses);
            var input = predictor.Prepare(sample.Image);
            long logits = InferenceBounds.LogitsBytes(size, (input.Width, input.Height), set.NumClasses);
            if (batch.Count > 0 && ((sample.Image.Width, sample.Image.Height, input.Width, input.Height) !=
                (batch[0].Sample.Image.Width, batch[0].Sample.Image.Height, batch[0].Input.Width, batch[0].Input.Height)
                || !predictor.Bounds.Fit(batch.Count + 1, input, logits, predictor.Slide is not null))) break;
            batch.Add((sample, input));
        }
        return batch;
    }
}
