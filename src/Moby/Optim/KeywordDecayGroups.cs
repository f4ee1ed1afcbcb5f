using TorchSharp.Modules;

namespace Moby.Optim;

/// <summary>
/// mmcv's DefaultOptimizerConstructor with the Swin segmentation configs' custom_keys: a parameter whose name contains
/// any of the keywords (absolute_pos_embed, relative_position_bias_table, norm) gets no weight decay; every other
/// parameter, biases and the heads' BatchNorm ("bn") included, decays.
/// </summary>
internal static class KeywordDecayGroups
{
    public static readonly string[] SwinSegmentation = ["absolute_pos_embed", "relative_position_bias_table", "norm"];

    public static IReadOnlyList<ParameterGroup> Split(IEnumerable<(string Name, Parameter Parameter)> trainable, double weightDecay, IReadOnlyList<string> keywords)
    {
        var groups = trainable.ToLookup(p => keywords.Any(p.Name.Contains));
        return [new ParameterGroup(groups[false].ToList(), weightDecay), new ParameterGroup(groups[true].ToList(), 0.0)];
    }
}
