using TorchSharp;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Nn;

/// <summary>
/// Stochastic depth per sample, as timm's DropPath: keep each sample's residual branch with probability
/// 1 - p and scale kept ones by 1 / (1 - p). The mask is drawn like timm's (floor(keep + U[0,1))).
/// </summary>
internal sealed class DropPath : nn.Module<Tensor, Tensor>
{
    public double Probability { get; }

    public DropPath(double probability) : base(nameof(DropPath))
    {
        Probability = probability;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (Probability == 0 || !training) return x.alias();
        double keep = 1 - Probability;
        var shape = new long[x.dim()];
        Array.Fill(shape, 1L);
        shape[0] = x.shape[0];
        using var keepScalar = Of(keep);
        using var mask = rand(shape, dtype: x.dtype, device: x.device).add_(keepScalar, One).floor_();
        return x.div(keepScalar).mul_(mask);
    }
}
