using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>Image to patch tokens: a strided Conv2d (key <c>proj</c>), flattened to [B, L, C], with an optional
/// LayerNorm (key <c>norm</c>, Swin's patch_norm).</summary>
public sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d proj;
    private readonly LayerNorm? norm;

    public PatchEmbed(long inChans, long embedDim, long patchSize, bool withNorm) : base(nameof(PatchEmbed))
    {
        proj = nn.Conv2d(inChans, embedDim, kernel_size: patchSize, stride: patchSize);
        norm = withNorm ? nn.LayerNorm(embedDim) : null;
        RegisterComponents();
    }

    /// <summary>Freezes the projection (MoCo v3's "fixed random patch embedding" trick).</summary>
    public void Freeze()
    {
        foreach (var p in proj.parameters()) p.requires_grad = false;
    }

    public override Tensor forward(Tensor x)
    {
        using var projected = proj.call(x);
        var tokens = projected.flatten(2).transpose(1, 2);
        if (norm is null) return tokens;
        using (tokens) return norm.call(tokens);
    }
}
