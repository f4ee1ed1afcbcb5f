using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>softmax(q k^T / sqrt(d) + mask) v on libtorch's fused kernel, in <see cref="ComputePrecision.MatmulType"/>.</summary>
public static class ScaledDotProduct
{
    public static Tensor Attention(Tensor q, Tensor k, Tensor v, Tensor? mask = null)
    {
        if (!ComputePrecision.Reduced) return nn.functional.scaled_dot_product_attention(q, k, v, mask);
        using var q16 = ComputePrecision.Cast(q);
        using var k16 = ComputePrecision.Cast(k);
        using var v16 = ComputePrecision.Cast(v);
        using var mask16 = mask is null ? null : ComputePrecision.Cast(mask);
        using var attended = nn.functional.scaled_dot_product_attention(q16, k16, v16, mask16);
        return ComputePrecision.Restore(attended);
    }
}
