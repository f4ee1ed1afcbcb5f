using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Linear = Moby.Nn.Linear;
using static Moby.Torch.Scalars;

namespace Moby.Backbones.Swin;

/// <summary>
/// Window multi-head self-attention with a learned relative position bias (official keys
/// <c>relative_position_bias_table</c>, <c>relative_position_index</c>, <c>qkv</c>, <c>proj</c>).
/// The bias (plus the shift mask) is passed to the fused scaled_dot_product_attention as a float mask:
/// softmax(q k^T / sqrt(d) + bias + mask) v, the official formula, without materialising the scores.
/// </summary>
internal sealed class WindowAttention : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly Parameter relative_position_bias_table;
    private readonly Tensor relative_position_index;
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int window;
    private readonly int heads;

    public WindowAttention(int dim, int window, int heads, bool qkvBias) : base(nameof(WindowAttention))
    {
        this.window = window;
        this.heads = heads;
        relative_position_bias_table = nn.Parameter(zeros((2 * window - 1) * (2 * window - 1), heads));
        TruncNormal.Fill(relative_position_bias_table, std: 0.02);
        relative_position_index = WindowGeometry.RelativePositionIndex(window);
        qkv = new Linear(dim, dim * 3, hasBias: qkvBias, reducedOutput: true); // attention takes q, k, v in the matmul dtype
        proj = new Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>The bias [heads, N, N] gathered from the table.</summary>
    private Tensor RelativePositionBias()
    {
        int n = window * window;
        using var flat = relative_position_index.view(-1);
        using var gathered = relative_position_bias_table.index_select(0, flat);
        using var grid = gathered.view(n, n, heads);
        return grid.permute(2, 0, 1);
    }

    /// <param name="x">windows [B * nW, N, C]</param>
    /// <param name="mask">shift mask [nW, N, N], or null for unshifted windows</param>
    public override Tensor forward(Tensor x, Tensor? mask)
    {
        using var packed = qkv.call(x);
        using var attnMask = AttentionMask(mask, x.shape[0]);
        using var merged = ScaledDotProduct.SelfAttention(packed, heads, attnMask);
        return proj.call(merged);
    }

    /// <summary>Bias [1, heads, N, N]; with a mask, bias + mask broadcast to every window of every image [B * nW, heads, N, N].</summary>
    private Tensor AttentionMask(Tensor? mask, long batchWindows)
    {
        using var bias = RelativePositionBias();
        if (mask is null) return bias.unsqueeze(0);
        long windows = mask.shape[0], n = mask.shape[1];
        using var combined = mask.unsqueeze(1).add(bias.unsqueeze(0), One);
        using var perImage = combined.unsqueeze(0).expand(batchWindows / windows, windows, heads, n, n);
        return perImage.reshape(batchWindows, heads, n, n);
    }
}
