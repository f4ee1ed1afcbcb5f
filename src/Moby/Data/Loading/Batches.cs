using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Data;

/// <summary>
/// Two augmented views of each image: float32 [B, C, H, W], normalised; labels int64 [B] (-1 when unlabeled);
/// the data set indices the images came from. Belongs to the consumer, which disposes it.
/// </summary>
public sealed class TwoViewBatch(Tensor view1, Tensor view2, Tensor labels, int[] indices, int epoch, int batchIndex) : IDisposable
{
    public Tensor View1 { get; } = view1;
    public Tensor View2 { get; } = view2;
    public Tensor Labels { get; } = labels;
    public IReadOnlyList<int> Indices { get; } = indices;
    public int Epoch { get; } = epoch;

    /// <summary>Position in the epoch: resuming at this batch gives the same batch again.</summary>
    public int BatchIndex { get; } = batchIndex;

    public int Count => Indices.Count;

    public void Dispose()
    {
        View1.Dispose();
        View2.Dispose();
        Labels.Dispose();
    }
}

/// <summary>One evaluation batch: float32 [B, C, H, W], labels int64 [B], data set indices.</summary>
public sealed class EvalBatch(Tensor images, Tensor labels, int[] indices) : IDisposable
{
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;
    public IReadOnlyList<int> Indices { get; } = indices;
    public int Count => Indices.Count;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}

internal static class BatchTensors
{
    /// <summary>
    /// A tensor over managed data made on a worker thread. Detaching keeps it out of any dispose scope the thread
    /// might have, so only the consumer's Dispose frees it (notes section 4).
    /// </summary>
    public static Tensor Images(float[] data, int count, int channels, int size) =>
        tensor(data, [count, channels, size, size], ScalarType.Float32).DetachFromDisposeScope();

    public static Tensor Labels(long[] labels) => tensor(labels, ScalarType.Int64).DetachFromDisposeScope();
}
