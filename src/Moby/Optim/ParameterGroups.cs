using TorchSharp.Modules;

namespace Moby.Optim;

/// <summary>
/// The official split of trainable parameters into [decay, no decay]: no decay for 1-D tensors and names
/// ending in ".bias". The official MoBY wrapper forwards no <c>no_weight_decay</c> list, so it *does* decay
/// Swin's relative_position_bias_table and DeiT's pos_embed / cls_token; <c>excludeEmbeddings</c> excludes
/// those too (what the backbones' own no_weight_decay lists intend).
/// </summary>
internal static class ParameterGroups
{
    private static readonly string[] EmbeddingKeywords = ["relative_position_bias_table", "absolute_pos_embed", "pos_embed", "cls_token"];

    public static IReadOnlyList<ParameterGroup> Official(IEnumerable<(string Name, Parameter Parameter)> trainable,
                                                        double weightDecay, bool excludeEmbeddings = false)
    {
        var decay = new List<(string, Parameter)>();
        var noDecay = new List<(string, Parameter)>();
        foreach (var (name, parameter) in trainable)
            (SkipsDecay(name, parameter, excludeEmbeddings) ? noDecay : decay).Add((name, parameter));
        return [new ParameterGroup(decay, weightDecay), new ParameterGroup(noDecay, 0.0)];
    }

    /// <summary>Whether a parameter goes without weight decay: 1-D tensors (norms), biases, and with <paramref name="excludeEmbeddings"/> the position tables and tokens.</summary>
    public static bool SkipsDecay(string name, Parameter parameter, bool excludeEmbeddings) =>
        parameter.dim() == 1 || name.EndsWith(".bias", StringComparison.Ordinal) || (excludeEmbeddings && EmbeddingKeywords.Any(name.Contains));
}
