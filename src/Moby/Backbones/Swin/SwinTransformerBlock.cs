using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

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
        shift = shifted ? config.StageShift(stage) : 0;
        norm1 = nn.LayerNorm(dim);
        attn = new WindowAttention(dim, window, heads, config.QkvBias);
        drop_path = new DropPath(dropPath);
        norm2 = config.NormBeforeMlp == "bn" ? new SyncBatchNorm(dim, tokens: true) : nn.LayerNorm(dim);
        mlp = new Mlp(dim, (long)(dim * config.MlpRatio));
        // A padded backbone's grid is known only at run time: its layer builds the mask for each input (as officially).
        attn_mask = shift > 0 && !config.Padded ? WindowGeometry.ShiftMask(resolution, window, shift) : null;
        RegisterComponents();
    }

    /// <summary>The cyclic shift of this block (0 = none): its layer builds a padded grid's mask for the blocks that shift.</summary>
    public int Shift => shift;

    public override Tensor forward(Tensor x) => Forward(x, resolution, resolution, null);

    /// <summary>
    /// The block on a <paramref name="height"/> x <paramref name="width"/> token grid, padded at the bottom and right to
    /// a multiple of the window after norm1 (the padding tokens are zeros, as officially), cropped back after attention.
    /// </summary>
    /// <param name="gridMask">The shift mask of the padded grid, for a shifted block without a mask of its own.</param>
    public Tensor Forward(Tensor x, int height, int width, Tensor? gridMask)
    {
        long b = x.shape[0], c = x.shape[2];
        using var attended = Attention(x, b, c, height, width, shift > 0 ? attn_mask ?? gridMask : null);
        using var dropped = drop_path.call(attended);
        using var afterAttention = x.add(dropped, One);
        using var normed = norm2.call(afterAttention);
        using var hidden = mlp.call(normed);
        using var droppedMlp = drop_path.call(hidden);
        return afterAttention.add(droppedMlp, One);
    }

    private Tensor Attention(Tensor x, long b, long c, int height, int width, Tensor? mask)
    {
        int padBottom = (window - height % window) % window, padRight = (window - width % window) % window;
        using var normed = norm1.call(x);
        using var grid = normed.view(b, height, width, c);
        using var padded = padBottom + padRight > 0 ? nn.functional.pad(grid, [0, 0, 0, padRight, 0, padBottom]) : grid.alias();
        using var shifted = shift > 0 ? padded.roll([-shift, -shift], [1, 2]) : padded.alias();
        using var windows = WindowGeometry.Partition(shifted, window);
        using var attended = attn.call(windows, mask);
        using var merged = WindowGeometry.Reverse(attended, window, height + padBottom, width + padRight);
        using var unshifted = shift > 0 ? merged.roll([shift, shift], [1, 2]) : merged.alias();
        using var cropped = padBottom + padRight > 0 ? unshifted[.., ..height, ..width, ..] : unshifted.alias();
        return cropped.reshape(b, (long)height * width, c);
    }
}
