using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Backbones.Swin;

/// <summary>
/// One Swin block: x + DropPath(W-MSA(LN(x))) then x + DropPath(MLP(norm2(x))), with a cyclic shift of
/// (-s, -s) before the window attention and (+s, +s) after it in shifted blocks (key <c>attn_mask</c>).
/// </summary>
internal sealed class SwinTransformerBlock : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly WindowAttention attn;
    private readonly DropPath drop_path;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly Mlp mlp;
    private readonly Tensor? attn_mask;
    private readonly int resolution;
    private readonly int window;
    private readonly int shift;

    public SwinTransformerBlock(SwinConfig config, int stage, int dim, int heads, bool shifted, double dropPath)
        : base(nameof(SwinTransformerBlock))
    {
        resolution = config.Resolution(stage);
        window = config.StageWindow(stage);
        // The official block disables the shift when the grid is no larger than the window.
        shift = shifted && resolution > config.WindowSize ? config.WindowSize / 2 : 0;
        norm1 = nn.LayerNorm(dim);
        attn = new WindowAttention(dim, window, heads, config.QkvBias);
        drop_path = new DropPath(dropPath);
        norm2 = config.NormBeforeMlp == "bn" ? new SyncBatchNorm(dim, tokens: true) : nn.LayerNorm(dim);
        mlp = new Mlp(dim, (long)(dim * config.MlpRatio));
        attn_mask = shift > 0 ? WindowGeometry.ShiftMask(resolution, window, shift) : null;
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], c = x.shape[2];
        using var attended = Attention(x, b, c);
        using var dropped = drop_path.call(attended);
        using var afterAttention = x + dropped;
        using var normed = norm2.call(afterAttention);
        using var hidden = mlp.call(normed);
        using var droppedMlp = drop_path.call(hidden);
        return afterAttention + droppedMlp;
    }

    private Tensor Attention(Tensor x, long b, long c)
    {
        using var normed = norm1.call(x);
        using var grid = normed.view(b, resolution, resolution, c);
        using var shifted = shift > 0 ? grid.roll([-shift, -shift], [1, 2]) : grid.alias();
        using var windows = WindowGeometry.Partition(shifted, window);
        using var attended = attn.call(windows, attn_mask);
        using var merged = WindowGeometry.Reverse(attended, window, resolution, resolution);
        using var unshifted = shift > 0 ? merged.roll([shift, shift], [1, 2]) : merged.alias();
        return unshifted.reshape(b, resolution * resolution, c);
    }
}
