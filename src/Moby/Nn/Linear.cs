using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>
/// nn.Linear (keys <c>weight</c> [out, in], <c>bias</c> [out]; PyTorch's default initialisation) whose product runs in
/// <see cref="Precision.MatmulType"/>. In float32 it is F.linear, on OpenBLAS where <see cref="Fp32Gemm"/> says so. In a reduced precision the result comes back in
/// float32, unless the layer is built with <c>reducedOutput</c> for a consumer that would cast it straight back (attention,
/// GELU before the next product): that skips a cast pair in both passes and changes no value, since the float32 copy
/// would hold the same bf16 numbers.
/// </summary>
internal sealed class Linear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter? bias;

    public Parameter Weight => weight;
    public Parameter? Bias => bias;

    private readonly bool reducedOutput;

    public Linear(long inFeatures, long outFeatures, bool hasBias = true, bool reducedOutput = false) : base(nameof(Linear))
    {
        this.reducedOutput = reducedOutput;
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
        if (!Precision.Reduced) return Float32(x);
        using var input = Precision.Cast(x);
        using var w = Precision.Cast(weight);
        using var b = bias is null ? null : Precision.Cast(bias);
        var product = nn.functional.linear(input, w, b);
        if (reducedOutput) return product;
        using (product) return Precision.Restore(product);
    }

    private Tensor Float32(Tensor x) =>
        Fp32Gemm.Multiplies(x.dtype, x.device) && weight.dtype == ScalarType.Float32 && x.numel() > 0
            ? BlasLinear.Apply(x, weight, bias)
            : nn.functional.linear(x, weight, bias);
}
