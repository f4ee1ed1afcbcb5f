using Moby.Data;
using static TorchSharp.torch;

namespace Moby.Finetune;

/// <summary>
/// Classifies the images of a data set in batches, as evaluation sees them (resize, centre crop, the classifier's own
/// normalisation, eval mode), decoding in parallel. An image that does not decode is skipped with a warning naming it,
/// never replaced: a prediction always belongs to the image it names.
/// </summary>
internal sealed class Predictor(Classifier model, ClassifierInfo info)
{
    public IEnumerable<Prediction> Predict(IImageDataset images, int topK, int batchSize = 64, Action<string>? warn = null, Action<int>? progress = null)
    {
        model.eval();
        int channels = info.Stats.Channels;
        var transform = new EvalTransform(new EvalTransformOptions { Size = model.Backbone.ImageSize, CropRatio = info.CropRatio }, info.Stats);
        using var workspaces = new ThreadLocal<AugmentationWorkspace>(() => new AugmentationWorkspace());
        int k = Math.Min(topK, model.Classes);
        for (int start = 0; start < images.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, images.Count - start);
            var (indexes, pixels) = Prepare(images, start, count, channels, transform, workspaces, warn);
            if (indexes.Count > 0)
                foreach (var prediction in Classify(images, indexes, pixels, transform, k)) yield return prediction;
            progress?.Invoke(start + count);
        }
    }

    /// <summary>
    /// The batch's images decoded and transformed in parallel, each to its evaluation pixels as soon as it is decoded: only
    /// the images being decoded are held at full size (a batch of 64 photos of tens of megapixels would need gigabytes).
    /// Returns the indexes of the images that decoded and their pixels, in order.
    /// </summary>
    private static (List<int> Indexes, float[] Pixels) Prepare(IImageDataset images, int start, int count, int channels, EvalTransform transform,
                                                              ThreadLocal<AugmentationWorkspace> workspaces, Action<string>? warn)
    {
        int length = transform.Length;
        var pixels = new float[count * length];
        var errors = new string?[count];
        var decoded = new bool[count];
        // One image per core: the thread pool adds threads to long work items, each holding a full-size image.
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            try
            {
                var image = ImageChannels.To(images.Load(start + i), channels);
                transform.Apply(image, pixels.AsSpan(i * length, length), workspaces.Value!);
                decoded[i] = true;
            }
            catch (ImageDecodeException e)
            {
                errors[i] = e.Message;
            }
        });
        foreach (var error in errors.OfType<string>()) warn?.Invoke($"warning: {error}; skipped");
        var kept = Enumerable.Range(0, count).Where(i => decoded[i]).ToList();
        if (kept.Count == count) return ([.. kept.Select(i => start + i)], pixels);
        var packed = new float[kept.Count * length];
        for (int j = 0; j < kept.Count; j++) pixels.AsSpan(kept[j] * length, length).CopyTo(packed.AsSpan(j * length, length));
        return ([.. kept.Select(i => start + i)], packed);
    }

    private IEnumerable<Prediction> Classify(IImageDataset images, List<int> indexes, float[] pixels, EvalTransform transform, int k)
    {
        float[] probabilities;
        long[] classes;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var batch = tensor(pixels).view(indexes.Count, transform.Channels, transform.Size, transform.Size);
            var (values, top) = nn.functional.softmax(model.call(batch), 1).topk(k, dim: 1);
            probabilities = values.contiguous().data<float>().ToArray();
            classes = top.contiguous().data<long>().ToArray();
        }
        for (int i = 0; i < indexes.Count; i++)
        {
            int index = indexes[i];
            yield return new Prediction(index, images.Describe(index), images.Label(index),
                                        classes.Skip(i * k).Take(k).Select(c => (int)c).ToArray(), probabilities.AsSpan(i * k, k).ToArray());
        }
    }
}
