using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Backbones.Swin;

/// <summary>
/// The Swin Transformer of the official MoBY code (Transformer-SSL), headless: patch embedding (+ LayerNorm),
/// optional absolute position embedding, stages of window-attention blocks with patch merging in between,
/// final LayerNorm and mean pooling over tokens. Keys match the official state_dict.
/// </summary>
public sealed class SwinTransformer : Backbone
{
    private readonly PatchEmbed patch_embed;
    private readonly Parameter? absolute_pos_embed;
    private readonly ModuleList<BasicLayer> layers;
    private readonly LayerNorm norm;

    /// <summary>The configuration it was built from.</summary>
    public SwinConfig Config { get; }
    /// <inheritdoc/>
    public override IBackboneConfig Architecture => Config;
    /// <inheritdoc/>
    public override long NumFeatures => Config.NumFeatures;
    /// <inheritdoc/>
    public override int ImageSize => Config.ImgSize;
    /// <inheritdoc/>
    public override int InChans => Config.InChans;

    /// <summary>Builds the network with timm's initialisation (seed with <c>torch.manual_seed</c> first for a reproducible one).</summary>
    /// <exception cref="ArgumentException">The configuration cannot run (e.g. an image size the patches or windows do not tile).</exception>
    public SwinTransformer(SwinConfig config) : base(nameof(SwinTransformer))
    {
        config.Validate();
        Config = config;
        patch_embed = new PatchEmbed(config.InChans, config.EmbedDim, config.PatchSize, config.PatchNorm, config.ConvStem);
        if (config.Ape)
        {
            long patches = (long)config.Resolution(0) * config.Resolution(0);
            absolute_pos_embed = nn.Parameter(zeros(1, patches, config.EmbedDim));
            TruncNormal.Fill(absolute_pos_embed, std: 0.02);
        }
        var dropPaths = DropPathSchedule.Linear(config.DropPathRate, config.Depths.Sum());
        layers = new ModuleList<BasicLayer>();
        for (int stage = 0, first = 0; stage < config.NumLayers; first += config.Depths[stage], stage++)
            layers.Add(new BasicLayer(config, stage, dropPaths.Skip(first).Take(config.Depths[stage]).ToArray()));
        norm = nn.LayerNorm(config.NumFeatures);
        RegisterComponents();
        TimmInit.Apply(this);
        if (config.FixedPatchEmbed) patch_embed.Freeze();
    }

    private Tensor Embed(Tensor x)
    {
        CheckInput(x);
        var tokens = patch_embed.call(x);
        if (absolute_pos_embed is null) return tokens;
        using (tokens) return tokens + absolute_pos_embed;
    }

    /// <inheritdoc/>
    public override Tensor forward_features(Tensor x)
    {
        var current = Embed(x);
        foreach (var layer in layers)
        {
            using var previous = current;
            current = layer.call(previous);
        }
        using (current)
        using (var normed = norm.call(current))
            return normed.mean([1]);
    }

    /// <summary>
    /// Per-stage feature maps [B, C_i, H_i, W_i] (after each stage's blocks, before its downsampling), for
    /// dense downstream heads (FPN, UPerNet) as the Swin detection and segmentation backbones expose them.
    /// </summary>
    public List<Tensor> ForwardStages(Tensor x)
    {
        var maps = new List<Tensor>();
        var current = Embed(x);
        for (int stage = 0; stage < layers.Count; stage++)
        {
            using var input = current;
            using var features = ((BasicLayer)layers[stage]).ForwardBlocks(input);
            long b = features.shape[0], c = features.shape[2], r = Config.Resolution(stage);
            maps.Add(features.transpose(1, 2).reshape(b, c, r, r));
            current = ((BasicLayer)layers[stage]).Downsample(features);
        }
        current.Dispose();
        return maps;
    }
}
