using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Linear = Moby.Nn.Linear;

namespace Moby.Ssl;

/// <summary>
/// MoBY's projector / predictor head. <c>linear_hidden</c> is a Sequential whose index 0 is an Identity,
/// followed by (layers - 1) x [Linear(+bias), BatchNorm1d, ReLU]; <c>linear_out</c> is a plain Linear
/// (no BN, no ReLU). Keys therefore start at <c>linear_hidden.1</c>, as in the official checkpoints.
/// Initialisation is PyTorch's default (MoBY applies no trunc-normal init to its heads).
/// </summary>
internal sealed class MoBYMLP : nn.Module<Tensor, Tensor>
{
    private readonly Sequential linear_hidden;
    private readonly nn.Module<Tensor, Tensor> linear_out;

    public MoBYMLP(long inDim, long innerDim = 4096, long outDim = 256, int numLayers = 2) : base(nameof(MoBYMLP))
    {
        if (numLayers < 0) throw new ArgumentException($"A MoBY head needs 0 or more layers, got {numLayers}.");
        var hidden = new List<nn.Module<Tensor, Tensor>> { nn.Identity() };
        for (int i = 0; i < numLayers - 1; i++)
        {
            hidden.Add(new Linear(i == 0 ? inDim : innerDim, innerDim));
            hidden.Add(new SyncBatchNorm(innerDim));
            hidden.Add(nn.ReLU());
        }
        linear_hidden = nn.Sequential(hidden);
        linear_out = numLayers >= 1 ? new Linear(numLayers == 1 ? inDim : innerDim, outDim) : nn.Identity();
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = linear_hidden.call(x);
        return linear_out.call(hidden);
    }
}
