using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>The decode head's logits (stride 4) and the auxiliary head's (its stage's stride), or null without one.</summary>
internal sealed class SegmentationOutput(Tensor decode, Tensor? auxiliary) : IDisposable
{
    public Tensor Decode { get; } = decode;
    public Tensor? Auxiliary { get; } = auxiliary;

    public void Dispose()
    {
        Decode.Dispose();
        Auxiliary?.Dispose();
    }
}
