using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>
/// nn.Linear (keys <c>weight</c> [out, in], <c>bias</c> [out]; PyTorch's default initialisation) whose product runs in
/// <see cref="Precision.MatmulType"/>. In float32 it is exactly F.linear.
/// </summary>
internal sealed class Linear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;

    public Parameter Weight => weight;
    public Parameter? Bias => bias;

    public Linear(long inFeatures, long outFeatures, bool hasBias = true) : base(nameof(Linear))
    {
        // On the CPU whatever the default device: models are built there, then moved (ComputeDevice).
        weight = nn.Parameter(empty(outFeatures, inFeatures, device: CPU));
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (hasBias)
        {
            double bound = 1 / Math.Sqrt(inFeatures);
            bias = nn.Parameter(empty(outFeatures, device: CPU));
            nn.init.uniform_(bias, -bound, bound);
        }
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (!Precision.Reduced) return nn.functional.linear(x, weight, bias);
        using var input = Precision.Cast(x);
        using var w = Precision.Cast(weight);
        using var b = bias is null ? null : Precision.Cast(bias);
        using var product = nn.functional.linear(input, w, b);
        return Precision.Restore(product);
    }
}
