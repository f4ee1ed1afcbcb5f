using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Linear = Moby.Nn.Linear;

namespace Moby.Backbones.Vit;

/// <summary>timm's multi-head self-attention (keys <c>qkv</c>, <c>proj</c>) on the fused scaled_dot_product_attention.</summary>
internal sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int heads;

    public Attention(int dim, int heads, bool qkvBias) : base(nameof(Attention))
    {
        this.heads = heads;
        qkv = new Linear(dim, dim * 3, hasBias: qkvBias, reducedOutput: true); // attention takes q, k, v in the matmul dtype
        proj = new Linear(dim, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var packed = qkv.call(x);
        using var merged = ScaledDotProduct.SelfAttention(packed, heads);
        return proj.call(merged);
    }
}
