using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Backbones.Vit;

/// <summary>
/// timm 0.4's VisionTransformer (DeiT without distillation), headless: conv patch embedding, CLS token and
/// learned position embedding, pre-norm blocks, final LayerNorm (eps 1e-6), CLS output. Keys match timm's.
/// </summary>
public sealed class VisionTransformer : Backbone
{
    private readonly Parameter cls_token;
    private readonly Parameter pos_embed;
    private readonly PatchEmbed patch_embed;
    private readonly ModuleList<Block> blocks;
    private readonly LayerNorm norm;

    /// <summary>The configuration it was built from.</summary>
    public VitConfig Config { get; }
    /// <inheritdoc/>
    public override IBackboneConfig Architecture => Config;
    /// <inheritdoc/>
    public override long NumFeatures => Config.EmbedDim;
    /// <inheritdoc/>
    public override int ImageSize => Config.ImgSize;
    /// <inheritdoc/>
    public override int InChans => Config.InChans;

    /// <summary>Builds the network with timm's initialisation (seed with <c>torch.manual_seed</c> first for a reproducible one).</summary>
    /// <exception cref="ArgumentException">The configuration cannot run (e.g. an image size the patches or windows do not tile).</exception>
    public VisionTransformer(VitConfig config) : base(nameof(VisionTransformer))
    {
        config.Validate();
        Config = config;
        patch_embed = new PatchEmbed(config.InChans, config.EmbedDim, config.PatchSize, withNorm: false, config.ConvStem);
        cls_token = nn.Parameter(zeros(1, 1, config.EmbedDim));
        pos_embed = nn.Parameter(zeros(1, config.NumPatches + 1, config.EmbedDim));
        blocks = new ModuleList<Block>();
        foreach (double rate in DropPathSchedule.Linear(config.DropPathRate, config.Depth))
            blocks.Add(new Block(config, rate));
        norm = nn.LayerNorm(config.EmbedDim, VitConfig.LayerNormEps);
        RegisterComponents();
        TruncNormal.Fill(pos_embed, std: 0.02);
        TruncNormal.Fill(cls_token, std: 0.02);
        TimmInit.Apply(this);
        if (config.FixedPatchEmbed) patch_embed.Freeze();
    }

    /// <summary>All tokens after the final LayerNorm, [B, 1 + L, C].</summary>
    public Tensor ForwardTokens(Tensor x)
    {
        CheckInput(x);
        long b = x.shape[0];
        using var patches = patch_embed.call(x);
        using var cls = cls_token.expand(b, -1, -1);
        using var joined = cat([cls, patches], 1);
        var current = joined.add(pos_embed, One);
        foreach (var block in blocks)
        {
            using var previous = current;
            current = block.call(previous);
        }
        using (current) return norm.call(current);
    }

    /// <inheritdoc/>
    public override Tensor forward_features(Tensor x)
    {
        using var tokens = ForwardTokens(x);
        if (Config.GlobalPool == "token") return tokens[TensorIndex.Colon, 0];
        using var patches = tokens[TensorIndex.Colon, TensorIndex.Slice(1)];
        return patches.mean([1]);
    }
}
