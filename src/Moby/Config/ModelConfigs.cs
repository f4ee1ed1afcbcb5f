using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using Moby.Interop;
using Moby.Ssl;

namespace Moby.Config;

/// <summary>Builds model configurations from the official configuration tree (MODEL.*, DATA.IMG_SIZE, MOBYNET.*).</summary>
public static class ModelConfigs
{
    /// <summary>The encoder: a registry preset (MOBYNET.MODEL_PRESET), the official 'swin' (MODEL.SWIN.*),
    /// timm's 'deit_tiny' / 'deit_small' / 'deit_base', or 'vit' (MOBYNET.VIT.*).</summary>
    public static IBackboneConfig Encoder(ConfigTree tree)
    {
        int imgSize = tree.Int("DATA.IMG_SIZE");
        string preset = tree.String("MOBYNET.MODEL_PRESET");
        IBackboneConfig encoder = preset.Length > 0 ? BackboneRegistry.Get(preset) : ByEncoderName(tree);
        return encoder switch
        {
            SwinConfig swin => swin with
            {
                ImgSize = imgSize, InChans = tree.Int("MODEL.SWIN.IN_CHANS"), NormBeforeMlp = tree.String("MODEL.SWIN.NORM_BEFORE_MLP"),
                FixedPatchEmbed = tree.Bool("MOBYNET.FIXED_PATCH_EMBED"), ConvStem = tree.Bool("MOBYNET.CONV_STEM"),
            },
            VitConfig vit => vit with
            {
                ImgSize = imgSize, InChans = tree.Int("MOBYNET.VIT.IN_CHANS"), NormBeforeMlp = tree.String("MOBYNET.VIT.NORM_BEFORE_MLP"),
                GlobalPool = tree.String("MOBYNET.VIT.GLOBAL_POOL"),
                FixedPatchEmbed = tree.Bool("MOBYNET.FIXED_PATCH_EMBED"), ConvStem = tree.Bool("MOBYNET.CONV_STEM"),
            },
            _ => throw new ConfigException($"Unknown encoder configuration {encoder.GetType().Name}."),
        };
    }

    private static IBackboneConfig ByEncoderName(ConfigTree tree)
    {
        string name = tree.String("MODEL.MOBY.ENCODER");
        return name switch
        {
            "swin" => new SwinConfig
            {
                PatchSize = tree.Int("MODEL.SWIN.PATCH_SIZE"), EmbedDim = tree.Int("MODEL.SWIN.EMBED_DIM"),
                Depths = tree.Ints("MODEL.SWIN.DEPTHS"), NumHeads = tree.Ints("MODEL.SWIN.NUM_HEADS"),
                WindowSize = tree.Int("MODEL.SWIN.WINDOW_SIZE"), MlpRatio = tree.Double("MODEL.SWIN.MLP_RATIO"),
                QkvBias = tree.Bool("MODEL.SWIN.QKV_BIAS"), Ape = tree.Bool("MODEL.SWIN.APE"), PatchNorm = tree.Bool("MODEL.SWIN.PATCH_NORM"),
            },
            "deit_tiny" or "deit_small" or "deit_base" => BackboneRegistry.Get($"{name}_patch16_224"),
            "vit" => new VitConfig
            {
                PatchSize = tree.Int("MOBYNET.VIT.PATCH_SIZE"), EmbedDim = tree.Int("MOBYNET.VIT.EMBED_DIM"),
                Depth = tree.Int("MOBYNET.VIT.DEPTH"), NumHeads = tree.Int("MOBYNET.VIT.NUM_HEADS"),
                MlpRatio = tree.Double("MOBYNET.VIT.MLP_RATIO"), QkvBias = tree.Bool("MOBYNET.VIT.QKV_BIAS"),
            },
            _ => throw new ConfigException($"MODEL.MOBY.ENCODER: unknown encoder '{ShownNames.One(name)}'; use swin, deit_tiny, deit_small, deit_base or vit."),
        };
    }

    /// <summary>
    /// The encoder a user names: a registry preset, a YAML config file, or (when null) the configuration stored in
    /// the checkpoint itself (official and Moby.NET .pth checkpoints carry theirs).
    /// </summary>
    public static IBackboneConfig ResolveEncoder(string? model, IReadOnlyDictionary<string, object?>? checkpointConfig, string checkpointPath)
    {
        if (model is null)
            return checkpointConfig is null
                ? throw new ConfigException($"{ShownNames.Path(checkpointPath)} holds no configuration; name the architecture with --model (a preset or a YAML config).")
                : Encoder(ConfigTree.FromDictionary(checkpointConfig, $"{ShownNames.Path(checkpointPath)} (config)"));
        if (model.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || model.EndsWith(".yml", StringComparison.OrdinalIgnoreCase))
            return Encoder(ConfigTree.Load(model));
        try
        {
            return BackboneRegistry.Get(model);
        }
        catch (ArgumentException e)
        {
            throw new ConfigException($"--model: {e.Message} Or pass a YAML config file.");
        }
    }

    internal static MoBYConfig MoBY(ConfigTree tree)
    {
        if (tree.String("MODEL.TYPE") != "moby")
            throw new ConfigException($"MODEL.TYPE is '{ShownNames.One(tree.String("MODEL.TYPE"))}'; pre-training needs 'moby'.");
        return Heads(tree, Encoder(tree));
    }

    /// <summary>MoBY with the default configuration's heads, queue, temperature, momentum and drop path around <paramref name="encoder"/>.</summary>
    internal static MoBYConfig MoBYDefaults(IBackboneConfig encoder) => Heads(ConfigTree.Defaults(), encoder);

    internal static MoBYConfig Heads(ConfigTree tree, IBackboneConfig encoder)
    {
        return new MoBYConfig
        {
            Encoder = encoder,
            ProjNumLayers = tree.Int("MODEL.MOBY.PROJ_NUM_LAYERS"),
            PredNumLayers = tree.Int("MODEL.MOBY.PRED_NUM_LAYERS"),
            InnerDim = tree.Int("MOBYNET.MOBY.INNER_DIM"),
            OutDim = tree.Int("MOBYNET.MOBY.OUT_DIM"),
            QueueSize = tree.Int("MODEL.MOBY.CONTRAST_NUM_NEGATIVE"),
            Temperature = tree.Double("MODEL.MOBY.CONTRAST_TEMPERATURE"),
            BaseMomentum = tree.Double("MODEL.MOBY.CONTRAST_MOMENTUM"),
            OnlineDropPath = tree.Double("MODEL.MOBY.ONLINE_DROP_PATH_RATE"),
            TargetDropPath = tree.Double("MODEL.MOBY.TARGET_DROP_PATH_RATE"),
        };
    }
}
