using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>Image to patch tokens: a strided Conv2d (key <c>proj</c>), flattened to [B, L, C], with an optional
/// LayerNorm (key <c>norm</c>, Swin's patch_norm). With <c>convStem</c>, a <see cref="ConvStem"/> (key <c>stem</c>)
/// makes the patches and <c>proj</c> is a 1x1 convolution, as in Xiao et al. 2021.</summary>
internal sealed class PatchEmbed : nn.Module<Tensor, Tensor>
{
    private readonly ConvStem? stem;
    private readonly Conv2d proj;
    private readonly LayerNorm? norm;

    public PatchEmbed(long inChans, long embedDim, long patchSize, bool withNorm, bool convStem = false) : base(nameof(PatchEmbed))
    {
        stem = convStem ? new ConvStem(inChans, embedDim, patchSize) : null;
        proj = stem is null
            ? nn.Conv2d(inChans, embedDim, kernel_size: patchSize, stride: patchSize)
            : nn.Conv2d(stem.OutChannels, embedDim, kernel_size: 1);
        norm = withNorm ? nn.LayerNorm(embedDim) : null;
        RegisterComponents();
    }

    /// <summary>Freezes the projection and the stem (MoCo v3's "fixed random patch embedding" trick).</summary>
    public void Freeze()
    {
        foreach (var p in proj.parameters().Concat(stem?.parameters() ?? [])) p.requires_grad = false;
    }

    public override Tensor forward(Tensor x)
    {
        using var patches = stem?.call(x);
        using var projected = proj.call(patches ?? x);
        var tokens = projected.flatten(2).transpose(1, 2);
        if (norm is null) return tokens;
        using (tokens) return norm.call(tokens);
    }
}
