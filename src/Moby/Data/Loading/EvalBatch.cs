using static TorchSharp.torch;

namespace Moby.Data;

/// <summary>One evaluation batch: float32 [B, C, H, W], labels int64 [B], data set indices.</summary>
internal sealed class EvalBatch(Tensor images, Tensor labels, int[] indices) : IDisposable
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
