using Moby.Backbones;
using Moby.Interop;

namespace Moby.Backbones.Vit;

/// <summary>Constructor arguments of timm 0.4's VisionTransformer (DeiT), plus MoBY's ablation switches.</summary>
public sealed record VitConfig : IBackboneConfig
{
    /// <summary>Input image side in pixels (square images).</summary>
    public int ImgSize { get; init; } = 224;
    /// <summary>Side of the square patches that become the tokens.</summary>
    public int PatchSize { get; init; } = 16;
    /// <summary>Input channels (3 for RGB, 1 for grayscale).</summary>
    public int InChans { get; init; } = 3;
    /// <summary>Token width, and the width of the pooled feature.</summary>
    public int EmbedDim { get; init; } = 384;
    /// <summary>Transformer blocks.</summary>
    public int Depth { get; init; } = 12;
    /// <summary>Attention heads.</summary>
    public int NumHeads { get; init; } = 6;
    /// <summary>Hidden width of each MLP as a multiple of the token width.</summary>
    public double MlpRatio { get; init; } = 4.0;
    /// <summary>A bias on the query, key and value projections.</summary>
    public bool QkvBias { get; init; } = true;
    /// <summary>Stochastic depth: the drop-path rate of the last block, rising linearly from 0 at the first.</summary>
    public double DropPathRate { get; init; } = 0.1;
    /// <summary>"ln" (timm) or "bn": BatchNorm instead of LayerNorm before each MLP (MoCo v3 trick).</summary>
    public string NormBeforeMlp { get; init; } = "ln";
    /// <summary>Freeze the randomly initialised patch embedding (MoCo v3 trick).</summary>
    public bool FixedPatchEmbed { get; init; }
    /// <summary>A convolutional stem (<see cref="Nn.ConvStem"/>) instead of the patchify convolution; needs a power-of-two patch.</summary>
    public bool ConvStem { get; init; }
    /// <summary>
    /// The pooled feature (later timm's <c>global_pool</c>): "token", the class token (timm 0.4, DeiT and the official MoBY),
    /// or "avg", the mean of the patch tokens after the final LayerNorm (as Swin pools). The weights are the same either way;
    /// in recent timm the "avg" network is <c>global_pool='avg', fc_norm=False</c> (its default for 'avg' normalises after
    /// pooling instead, under another key).
    /// </summary>
    public string GlobalPool { get; init; } = "token";

    /// <summary>timm's DeiT uses LayerNorm(eps=1e-6) everywhere.</summary>
    public const double LayerNormEps = 1e-6;

    /// <inheritdoc/>
    public IBackboneConfig WithInput(int? imgSize, int? inChans) => this with { ImgSize = imgSize ?? ImgSize, InChans = inChans ?? InChans };
    /// <inheritdoc/>
    public IBackboneConfig WithDropPath(double rate) => this with { DropPathRate = rate };
    /// <inheritdoc/>
    public IBackboneConfig WithConvStem(bool on) => this with { ConvStem = on };
    /// <inheritdoc/>
    public Backbone Create() => new VisionTransformer(this);

    /// <summary>Patch tokens per image (without the class token).</summary>
    public int NumPatches => ImgSize / PatchSize * (ImgSize / PatchSize);

    /// <summary>Throws when the configuration cannot run, saying what would.</summary>
    /// <exception cref="ArgumentException">The configuration cannot run.</exception>
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
            throw new ArgumentException($"Invalid ViT configuration: NORM_BEFORE_MLP must be 'ln' or 'bn', got '{ShownNames.One(NormBeforeMlp)}'.");
        if (GlobalPool is not ("token" or "avg"))
            throw new ArgumentException($"Invalid ViT configuration: GLOBAL_POOL must be 'token' or 'avg', got '{ShownNames.One(GlobalPool)}'.");
    }
}
