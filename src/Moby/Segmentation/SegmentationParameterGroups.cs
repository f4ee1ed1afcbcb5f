using System.Text.RegularExpressions;
using Moby.Backbones.Swin;
using Moby.Finetune;
using Moby.Optim;
using TorchSharp.Modules;

namespace Moby.Segmentation;

/// <summary>
/// AdamW's parameter groups of a segmentation model. Without layer-wise decay (1.0, mmseg's Swin UPerNet recipe):
/// mmcv's DefaultOptimizerConstructor with the configs' custom_keys (<see cref="KeywordDecayGroups"/>). With a decay
/// below 1 (as mmseg's LayerDecayOptimizerConstructor): the backbone's layer ids of fine-tuning (<see cref="LayerDecay"/>:
/// 0 for the patch embedding, 1..L for the blocks, each PatchMerging with its stage's last block) under the
/// <c>backbone.</c> prefix; the output norms <c>backbone.norm{i}</c>, new for the dense task, and both heads take
/// L + 1, the full rate; weight decay as without layer decay (the same keywords).
/// </summary>
internal static partial class SegmentationParameterGroups
{
    private const string Backbone = "backbone.";

    public static IReadOnlyList<ParameterGroup> Split(IEnumerable<(string Name, Parameter Parameter)> trainable, SwinConfig backbone,
                                                      double weightDecay, double layerDecay)
    {
        var keywords = KeywordDecayGroups.Swin;
        if (layerDecay == 1) return KeywordDecayGroups.Split(trainable, weightDecay, keywords);
        return LayerDecay.Groups(trainable, LayerDecay.Blocks(backbone), name => LayerId(name, backbone),
                                 p => keywords.Any(p.Name.Contains), weightDecay, layerDecay);
    }

    /// <summary>The layer id of a parameter by its mmseg name.</summary>
    public static int LayerId(string name, SwinConfig backbone) =>
        name.StartsWith(Backbone, StringComparison.Ordinal) && !OutputNorm().IsMatch(name)
            ? LayerDecay.LayerId(name[Backbone.Length..], backbone)
            : LayerDecay.Blocks(backbone) + 1;

    [GeneratedRegex(@"^backbone\.norm\d+\.")]
    private static partial Regex OutputNorm();
}
