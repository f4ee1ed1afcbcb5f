using static TorchSharp.torch;

namespace Moby.Ssl;

/// <summary>The loss and, for monitoring, the online projection of view 1 (detached).</summary>
internal sealed record MoBYOutput(Tensor Loss, Tensor Projection) : IDisposable
{
    public void Dispose()
    {
        Loss.Dispose();
        Projection.Dispose();
    }
}
