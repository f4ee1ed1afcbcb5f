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
            var decoded = Decode(images, start, count, channels, warn);
            if (decoded.Count > 0)
                foreach (var prediction in Classify(images, decoded, transform, workspaces, k)) yield return prediction;
            progress?.Invoke(start + count);
        }
    }

    private static List<(int Index, DecodedImage Image)> Decode(IImageDataset images, int start, int count, int channels, Action<string>? warn)
    {
        var decoded = new DecodedImage?[count];
        var errors = new string?[count];
        Parallel.For(0, count, i =>
        {
            try
            {
                decoded[i] = ImageChannels.To(images.Load(start + i), channels);
            }
            catch (ImageDecodeException e)
            {
                errors[i] = e.Message;
            }
        });
        foreach (var error in errors.OfType<string>()) warn?.Invoke($"warning: {error}; skipped");
        return Enumerable.Range(0, count).Where(i => decoded[i] is not null).Select(i => (start + i, decoded[i]!.Value)).ToList();
    }

    private IEnumerable<Prediction> Classify(IImageDataset images, List<(int Index, DecodedImage Image)> decoded, EvalTransform transform,
                                             ThreadLocal<AugmentationWorkspace> workspaces, int k)
    {
        var pixels = new float[decoded.Count * transform.Length];
        Parallel.For(0, decoded.Count, i => transform.Apply(decoded[i].Image, pixels.AsSpan(i * transform.Length, transform.Length), workspaces.Value!));
        float[] probabilities;
        long[] classes;
        using (var scope = NewDisposeScope())
        using (no_grad())
        {
            var batch = tensor(pixels).view(decoded.Count, transform.Channels, transform.Size, transform.Size);
            var (values, indexes) = nn.functional.softmax(model.call(batch), 1).topk(k, dim: 1);
            probabilities = values.contiguous().data<float>().ToArray();
            classes = indexes.contiguous().data<long>().ToArray();
        }
        for (int i = 0; i < decoded.Count; i++)
        {
            int index = decoded[i].Index;
            yield return new Prediction(index, images.Describe(index), images.Label(index),
                                        classes.Skip(i * k).Take(k).Select(c => (int)c).ToArray(), probabilities.AsSpan(i * k, k).ToArray());
        }
    }
}
