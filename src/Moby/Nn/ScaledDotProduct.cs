using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>softmax(q k^T / sqrt(d) + mask) v on libtorch's fused kernel, in <see cref="Precision.MatmulType"/>.</summary>
internal static class ScaledDotProduct
{
    /// <summary>
    /// Multi-head self-attention from packed projections [B, N, 3C] (q, k, v, each split in heads) to [B, N, C], in the
    /// matmul dtype: its consumer is the output projection, which would cast a float32 result straight back.
    /// </summary>
    public static Tensor SelfAttention(Tensor packedQkv, int heads, Tensor? mask = null)
    {
        long b = packedQkv.shape[0], n = packedQkv.shape[1], c = packedQkv.shape[2] / 3;
        using var split = packedQkv.view(b, n, 3, heads, c / heads).permute(2, 0, 3, 1, 4);
        using var q = split[0];
        using var k = split[1];
        using var v = split[2];
        using var attended = Attention(q, k, v, mask);
        return attended.transpose(1, 2).reshape(b, n, c);
    }

    private static Tensor Attention(Tensor q, Tensor k, Tensor v, Tensor? mask)
    {
        if (!Precision.Reduced) return nn.functional.scaled_dot_product_attention(q, k, v, mask);
        using var q16 = Precision.Cast(q);
        using var k16 = Precision.Cast(k);
        using var v16 = Precision.Cast(v);
        using var mask16 = mask is null ? null : Precision.Cast(mask);
        return nn.functional.scaled_dot_product_attention(q16, k16, v16, mask16);
    }
}
