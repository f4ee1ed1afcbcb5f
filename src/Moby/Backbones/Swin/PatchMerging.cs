using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Linear = Moby.Nn.Linear;

namespace Moby.Backbones.Swin;

/// <summary>
/// Halves the grid and doubles the channels: the 2x2 neighbours are concatenated in the official order
/// x0 (even row, even col), x1 (odd, even), x2 (even, odd), x3 (odd, odd), then LayerNorm(4C) and a
/// bias-free Linear(4C -> 2C) (keys <c>norm</c>, <c>reduction</c>).
/// </summary>
internal sealed class PatchMerging : nn.Module<Tensor, Tensor>
{
    private readonly Linear reduction;
    private readonly LayerNorm norm;
    private readonly int resolution;

    public PatchMerging(int resolution, int dim) : base(nameof(PatchMerging))
    {
        this.resolution = resolution;
        reduction = new Linear(4L * dim, 2L * dim, hasBias: false);
        norm = nn.LayerNorm(4L * dim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x) => Forward(x, resolution, resolution);

    /// <summary>Merges a <paramref name="height"/> x <paramref name="width"/> grid; an odd side is first padded with a zero row or column at the bottom or right (as the official segmentation backbone).</summary>
    public Tensor Forward(Tensor x, int height, int width)
    {
        long b = x.shape[0], c = x.shape[2];
        int halfH = (height + 1) / 2, halfW = (width + 1) / 2;
        using var tokens = x.view(b, height, width, c);
        using var even = height % 2 + width % 2 > 0 ? nn.functional.pad(tokens, [0, 0, 0, width % 2, 0, height % 2]) : tokens.alias();
        // [B, H/2, hp, W/2, wp, C] -> [B, H/2, W/2, wp, hp, C]: channel blocks ordered (wp, hp) = x0, x1, x2, x3.
        using var grid = even.view(b, halfH, 2, halfW, 2, c);
        using var permuted = grid.permute(0, 1, 3, 4, 2, 5);
        using var merged = permuted.reshape(b, (long)halfH * halfW, 4 * c);
        using var normed = norm.call(merged);
        return reduction.call(normed);
    }
}
