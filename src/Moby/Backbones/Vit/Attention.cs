using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Linear = Moby.Nn.Linear;

namespace Moby.Backbones.Vit;

/// <summary>timm's multi-head self-attention (keys <c>qkv</c>, <c>proj</c>) on the fused scaled_dot_product_attention.</summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int heads;

    public Attention(int dim, int heads, bool qkvBias) : base(nameof(Attention))
    {
        this.heads = heads;
        qkv = new Linear(dim, dim * 3, hasBias: qkvBias);
        proj = new Linear(dim, dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], n = x.shape[1], c = x.shape[2];
        using var packed = qkv.call(x);
        using var split = packed.view(b, n, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
        using var q = split[0];
        using var k = split[1];
        using var v = split[2];
        using var attended = ScaledDotProduct.Attention(q, k, v);
        using var merged = attended.transpose(1, 2).reshape(b, n, c);
        return proj.call(merged);
    }
}
