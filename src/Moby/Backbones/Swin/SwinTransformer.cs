using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

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

    /// <summary>Patch tokens [B, L, C] and their grid; a padded backbone first pads the image to a multiple of the patch (bottom, right).</summary>
    private (Tensor Tokens, int Height, int Width) Embed(Tensor x)
    {
        CheckInput(x);
        int p = Config.PatchSize, padBottom = (int)((p - x.shape[2] % p) % p), padRight = (int)((p - x.shape[3] % p) % p);
        using var image = padBottom + padRight > 0 ? nn.functional.pad(x, [0, padRight, 0, padBottom]) : x.alias();
        int height = (int)image.shape[2] / p, width = (int)image.shape[3] / p;
        var tokens = patch_embed.call(image);
        if (absolute_pos_embed is null) return (tokens, height, width);
        using (tokens) return (tokens.add(absolute_pos_embed, One), height, width);
    }

    /// <summary>Any size in a padded backbone (it pads), the configured square otherwise.</summary>
    private new void CheckInput(Tensor x)
    {
        if (!Config.Padded) base.CheckInput(x);
        else if (x.shape.Length != 4 || x.shape[1] != InChans || x.shape[2] < 1 || x.shape[3] < 1)
            throw new ArgumentException($"{GetName()} expects images [B, {InChans}, H, W], got [{string.Join(", ", x.shape)}].");
    }

    /// <inheritdoc/>
    public override Tensor forward_features(Tensor x)
    {
        using var last = RunStages(x, null);
        using var normed = norm.call(last);
        return normed.mean([1]);
    }

    /// <summary>
    /// Per-stage feature maps [B, C_i, H_i, W_i] (after each stage's blocks, before its downsampling), for
    /// dense downstream heads (FPN, UPerNet) as the Swin detection and segmentation backbones expose them.
    /// </summary>
    public List<Tensor> ForwardStages(Tensor x)
    {
        var maps = new List<Tensor>();
        RunStages(x, (features, height, width) => maps.Add(features.transpose(1, 2).reshape(features.shape[0], features.shape[2], height, width))).Dispose();
        return maps;
    }

    /// <summary>Runs every stage, showing each one's features (tokens and grid) to <paramref name="stage"/>; returns the last stage's tokens.</summary>
    private Tensor RunStages(Tensor x, Action<Tensor, int, int>? stage)
    {
        var (current, height, width) = Embed(x);
        for (int i = 0; ; i++)
        {
            var layer = (BasicLayer)layers[i];
            using var input = current;
            var features = layer.ForwardBlocks(input, height, width);
            stage?.Invoke(features, height, width);
            if (i == layers.Count - 1) return features;
            using (features) current = layer.Downsample(features, height, width);
            (height, width) = ((height + 1) / 2, (width + 1) / 2);
        }
    }
}
