using System.Globalization;
using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;

namespace Moby.Config;

/// <summary>
/// The configuration keys that describe a backbone, as KEY=VALUE options: the inverse of <see cref="ModelConfigs.Encoder"/>
/// (drop path aside, a training setting). A run whose architecture came from a checkpoint rather than its own keys (a
/// fine-tuning run) stores them in its config, so its checkpoints name their architecture as pre-training ones do.
/// </summary>
internal static class ArchitectureOptions
{
    public static IReadOnlyList<string> Of(IBackboneConfig architecture)
    {
        List<string> common = ["MOBYNET.MODEL_PRESET=''", Option("DATA.IMG_SIZE", architecture.ImgSize)];
        return architecture switch
        {
            SwinConfig s => [.. common, "MODEL.MOBY.ENCODER=swin", Option("MODEL.SWIN.PATCH_SIZE", s.PatchSize), Option("MODEL.SWIN.IN_CHANS", s.InChans),
                Option("MODEL.SWIN.EMBED_DIM", s.EmbedDim), List("MODEL.SWIN.DEPTHS", s.Depths), List("MODEL.SWIN.NUM_HEADS", s.NumHeads),
                Option("MODEL.SWIN.WINDOW_SIZE", s.WindowSize), Option("MODEL.SWIN.MLP_RATIO", s.MlpRatio), Option("MODEL.SWIN.QKV_BIAS", s.QkvBias),
                Option("MODEL.SWIN.APE", s.Ape), Option("MODEL.SWIN.PATCH_NORM", s.PatchNorm), ConfigTree.TextOption("MODEL.SWIN.NORM_BEFORE_MLP", s.NormBeforeMlp),
                Option("MOBYNET.FIXED_PATCH_EMBED", s.FixedPatchEmbed), Option("MOBYNET.CONV_STEM", s.ConvStem)],
            VitConfig v => [.. common, "MODEL.MOBY.ENCODER=vit", Option("MOBYNET.VIT.PATCH_SIZE", v.PatchSize),
                Option("MOBYNET.VIT.IN_CHANS", v.InChans), Option("MOBYNET.VIT.EMBED_DIM", v.EmbedDim), Option("MOBYNET.VIT.DEPTH", v.Depth),
                Option("MOBYNET.VIT.NUM_HEADS", v.NumHeads), Option("MOBYNET.VIT.MLP_RATIO", v.MlpRatio), Option("MOBYNET.VIT.QKV_BIAS", v.QkvBias),
                ConfigTree.TextOption("MOBYNET.VIT.NORM_BEFORE_MLP", v.NormBeforeMlp),
                ConfigTree.TextOption("MOBYNET.VIT.GLOBAL_POOL", v.GlobalPool),
                Option("MOBYNET.FIXED_PATCH_EMBED", v.FixedPatchEmbed), Option("MOBYNET.CONV_STEM", v.ConvStem)],
            _ => throw new ConfigException($"The architecture {architecture} has no description in configuration keys."),
        };
    }

    private static string Option(string key, object value) =>
        $"{key}={(value is bool b ? (b ? "true" : "false") : Convert.ToString(value, CultureInfo.InvariantCulture))}";

    private static string List(string key, int[] values) => $"{key}=[{string.Join(", ", values)}]";
}
