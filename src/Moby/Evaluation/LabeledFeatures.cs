using Moby.Backbones;
using Moby.Data;
using Moby.Nn;
using static TorchSharp.torch;

namespace Moby.Evaluation;

/// <summary>Features [N, D] and labels [N] of a data set split.</summary>
internal sealed record LabeledFeatures(Tensor Features, Tensor Labels) : IDisposable
{
    public void Dispose()
    {
        Features.Dispose();
        Labels.Dispose();
    }

    /// <summary>
    /// The eval transform (resize + centre crop + normalise) of every image, then the backbone's pooled features in
    /// eval mode; with no backbone, the flattened normalised pixels (the raw-pixel baseline).
    /// </summary>
    public static LabeledFeatures Extract(Backbone? model, IImageDataset dataset, EvalTransformOptions transform, int batchSize = 256,
                                          int workers = 0, Action<int, int>? progress = null, Action<string>? warn = null)
    {
        model?.eval();
        var loader = new EvalLoader(dataset, new EvalTransform(transform, dataset.Stats), new LoaderOptions
        {
            BatchSize = batchSize, Workers = workers > 0 ? workers : Environment.ProcessorCount, DropLast = false, Warn = warn,
            Device = model is null ? null : ComputeDevice.Of(model),
        });
        var features = new List<Tensor>();
        var labels = new List<Tensor>();
        int done = 0;
        foreach (var batch in loader.Batches())
        {
            using (batch)
            {
                features.Add(model is null ? batch.Images.flatten(1) : FeatureExtractor.Forward(model, batch.Images));
                labels.Add(batch.Labels.clone());
                done += batch.Count;
                progress?.Invoke(done, dataset.Count);
            }
        }
        var result = new LabeledFeatures(cat(features, 0), cat(labels, 0));
        foreach (var t in features.Concat(labels)) t.Dispose();
        return result;
    }
}
