using Moby.Backbones;

namespace Moby.Backbones.Vit;

/// <summary>Constructor arguments of timm 0.4's VisionTransformer (DeiT), plus MoBY's ablation switches.</summary>
public sealed record VitConfig : IBackboneConfig
{
    public int ImgSize { get; init; } = 224;
    public int PatchSize { get; init; } = 16;
    public int InChans { get; init; } = 3;
    public int EmbedDim { get; init; } = 384;
    public int Depth { get; init; } = 12;
    public int NumHeads { get; init; } = 6;
    public double MlpRatio { get; init; } = 4.0;
    public bool QkvBias { get; init; } = true;
    public double DropPathRate { get; init; } = 0.1;
    /// <summary>"ln" (timm) or "bn": BatchNorm instead of LayerNorm before each MLP (MoCo v3 trick).</summary>
    public string NormBeforeMlp { get; init; } = "ln";
    /// <summary>Freeze the randomly initialised patch embedding (MoCo v3 trick).</summary>
    public bool FixedPatchEmbed { get; init; }
    /// <summary>A convolutional stem (<see cref="Nn.ConvStem"/>) instead of the patchify convolution; needs a power-of-two patch.</summary>
    public bool ConvStem { get; init; }

    /// <summary>timm's DeiT uses LayerNorm(eps=1e-6) everywhere.</summary>
    public const double LayerNormEps = 1e-6;

    public IBackboneConfig WithInput(int? imgSize, int? inChans) => this with { ImgSize = imgSize ?? ImgSize, InChans = inChans ?? InChans };
    public IBackboneConfig WithDropPath(double rate) => this with { DropPathRate = rate };
    public IBackboneConfig WithConvStem(bool on) => this with { ConvStem = on };
    public Backbone Create() => new VisionTransformer(this);

    public int NumPatches => ImgSize / PatchSize * (ImgSize / PatchSize);

    public void Validate()
    {
        if (ImgSize % PatchSize != 0)
            throw new ArgumentException($"Invalid ViT configuration: image size {ImgSize} is not a multiple of the patch size {PatchSize}; " +
                                        $"use a multiple of {PatchSize} (e.g. {ImgSize / PatchSize * PatchSize} or {(ImgSize / PatchSize + 1) * PatchSize}).");
        if (EmbedDim % NumHeads != 0)
            throw new ArgumentException($"Invalid ViT configuration: embed dim {EmbedDim} does not divide by {NumHeads} heads.");
        if (ConvStem && !Nn.ConvStem.Supports(PatchSize))
            throw new ArgumentException($"Invalid ViT configuration: a convolutional stem needs a power-of-two patch size, got {PatchSize}.");
        if (NormBeforeMlp is not ("ln" or "bn"))
            throw new ArgumentException($"Invalid ViT configuration: NORM_BEFORE_MLP must be 'ln' or 'bn', got '{NormBeforeMlp}'.");
    }
}
