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

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], c = x.shape[2], half = resolution / 2;
        // [B, H/2, hp, W/2, wp, C] -> [B, H/2, W/2, wp, hp, C]: channel blocks ordered (wp, hp) = x0, x1, x2, x3.
        using var grid = x.view(b, half, 2, half, 2, c);
        using var permuted = grid.permute(0, 1, 3, 4, 2, 5);
        using var merged = permuted.reshape(b, half * half, 4 * c);
        using var normed = norm.call(merged);
        return reduction.call(normed);
    }
}
