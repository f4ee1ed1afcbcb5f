using static TorchSharp.torch;

namespace Moby.Data.Segmentation;

/// <summary>Images [B, C, H, W] and their labels [B, H, W] (int64, 255 = ignore), with the data set indices.</summary>
internal sealed class SegmentationBatch(Tensor images, Tensor labels, int[] indices) : IDisposable
{
    public Tensor Images { get; } = images;
    public Tensor Labels { get; } = labels;
    public int[] Indices { get; } = indices;

    public void Dispose()
    {
        Images.Dispose();
        Labels.Dispose();
    }
}
