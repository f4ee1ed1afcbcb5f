using Moby.Backbones;
using static TorchSharp.torch;

namespace Moby.Evaluation;

/// <summary>Pooled backbone features in eval mode (no drop path, BatchNorm running statistics), batch by batch.</summary>
public static class FeatureExtractor
{
    /// <summary>Features [N, D] of <paramref name="images"/> [N, C, H, W], computed <paramref name="batchSize"/> at a time.</summary>
    public static Tensor Extract(Backbone model, Tensor images, int batchSize, Action<long>? progress = null)
    {
        model.eval();
        using var _ = no_grad();
        var chunks = new List<Tensor>();
        long n = images.shape[0];
        for (long start = 0; start < n; start += batchSize)
        {
            using var batch = images.narrow(0, start, Math.Min(batchSize, n - start));
            chunks.Add(model.call(batch));
            progress?.Invoke(Math.Min(start + batchSize, n));
        }
        var features = cat(chunks, 0);
        foreach (var chunk in chunks) chunk.Dispose();
        return features;
    }
}
