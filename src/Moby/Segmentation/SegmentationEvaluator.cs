using Moby.Data;
using Moby.Data.Segmentation;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// mmseg's test pipeline and metrics over a whole split: each image in the model's channels, resized keeping its ratio
/// to the test scale (none when 0), normalised; logits by whole-image or sliding-window inference, resized bilinearly
/// back to the image's own size; the argmax scored against the original labels. Consecutive images of one size go
/// through the model together, up to <paramref name="batchSize"/>.
/// </summary>
internal sealed class SegmentationEvaluator(SegmentationSet set, ModelInput input, int scaleLong, int scaleShort, SlidingWindow? slide, int batchSize)
{
    public int Count => set.Count;

    /// <param name="predicted">Shown each image's index and predicted labels [H, W] (int64), e.g. to draw a few.</param>
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
                var predictions = Predict(model, batch.Select(b => b.Input).ToList(), labelMap.Height, labelMap.Width);
                for (int k = 0; k < batch.Count; k++)
                {
                    var labels = tensor(batch[k].Sample.Labels.Labels, [batch[k].Sample.Labels.Height, batch[k].Sample.Labels.Width]).to_type(ScalarType.Int64);
                    metrics.Add(predictions[k], labels);
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

    private List<(SegmentationSample Sample, ImageBuffer Input)> NextBatch(int start)
    {
        var batch = new List<(SegmentationSample, ImageBuffer)>();
        for (int i = start; i < set.Count && batch.Count < batchSize; i++)
        {
            var sample = set.Load(i);
            var image = Prepare(sample.Image);
            if (batch.Count > 0 && (Differs(batch[0].Item1, sample) || batch[0].Item2.Width != image.Width || batch[0].Item2.Height != image.Height)) break;
            batch.Add((sample, image));
        }
        return batch;
    }

    private static bool Differs(SegmentationSample a, SegmentationSample b) => a.Image.Width != b.Image.Width || a.Image.Height != b.Image.Height;

    private ImageBuffer Prepare(DecodedImage image)
    {
        var converted = input.Convert(image);
        if (scaleLong <= 0) return converted;
        var (width, height) = KeepRatioScale.Size(image.Width, image.Height, scaleLong, scaleShort);
        var resized = new ImageBuffer();
        var source = new DecodedImage(converted.Pixels.ToArray(), converted.Width, converted.Height, converted.Channels);
        BilinearResize.Resize(source, new CropBox(0, 0, image.Width, image.Height), resized, width, height, new BilinearResize.Scratch());
        return resized;
    }

    /// <summary>Predicted labels [H, W] per image, at the images' original size.</summary>
    private List<Tensor> Predict(SegmentationModel model, List<ImageBuffer> images, int height, int width)
    {
        var data = images.SelectMany(input.Write).ToArray();
        var batch = tensor(data, [images.Count, input.Channels, images[0].Height, images[0].Width]);
        var logits = slide is null ? model.call(batch) : slide.Logits(model, batch);
        if (logits.shape[2] != height || logits.shape[3] != width) logits = Resize.To(logits, height, width);
        var labels = logits.argmax(1);
        return Enumerable.Range(0, images.Count).Select(k => labels[k]).ToList();
    }
}
