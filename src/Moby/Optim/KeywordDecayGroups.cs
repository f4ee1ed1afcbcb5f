using TorchSharp.Modules;

namespace Moby.Optim;

/// <summary>
/// mmcv's DefaultOptimizerConstructor with the custom_keys of the official Swin segmentation (UPerNet) and detection
/// (Mask R-CNN) configs: a parameter whose full name contains any of the keywords (absolute_pos_embed,
/// relative_position_bias_table, norm; mmcv tests <c>key in f'{prefix}.{name}'</c>, a substring) gets no weight decay
/// (decay_mult 0); every other parameter, biases and the heads' BatchNorm ("bn") included, decays.
/// </summary>
internal static class KeywordDecayGroups
{
    public static readonly string[] Swin = ["absolute_pos_embed", "relative_position_bias_table", "norm"];

    public static IReadOnlyList<ParameterGroup> Split(IEnumerable<(string Name, Parameter Parameter)> trainable, double weightDecay, IReadOnlyList<string> keywords)
    {
        var groups = trainable.ToLookup(p => keywords.Any(p.Name.Contains));
        return [new ParameterGroup(groups[false].ToList(), weightDecay), new ParameterGroup(groups[true].ToList(), 0.0)];
    }
}
