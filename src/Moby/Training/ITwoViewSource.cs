using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>Two augmented views of one batch of images, [B, C, H, W] each; the consumer disposes them.</summary>
public sealed record TwoViews(Tensor View1, Tensor View2) : IDisposable
{
    public void Dispose()
    {
        View1.Dispose();
        View2.Dispose();
    }
}

/// <summary>What pre-training consumes: a fixed number of batches per epoch, replayable from any batch of any epoch.</summary>
public interface ITwoViewSource
{
    int BatchesPerEpoch { get; }

    /// <summary>The batches of an epoch from <paramref name="startBatch"/> on; the same (epoch, batch) always gives the same views.</summary>
    IEnumerable<TwoViews> Epoch(int epoch, int startBatch = 0);
}
