using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using Moby.Optim;
using TorchSharp.Modules;

namespace Moby.Finetune;

/// <summary>
/// Layer-wise learning-rate decay (BEiT, and the Swin fine-tuning of SimMIM): layers near the input, which pre-training
/// made general, move less than those near the new head. Layer ids: 0 for the patch embedding (or the convolutional stem)
/// and the position embedding and tokens; 1..L for the blocks counted through every stage in order, each PatchMerging
/// with the last block of its stage; L + 1 for the final norm and the head. A parameter of layer id i trains with
/// lr x decay^(L + 1 - i): the head at the full rate, the patch embedding at decay^(L + 1) of it.
/// </summary>
internal static class LayerDecay
{
    /// <summary>L, the blocks of the backbone.</summary>
    public static int Blocks(IBackboneConfig architecture) => architecture switch
    {
        SwinConfig swin => swin.Depths.Sum(),
        VitConfig vit => vit.Depth,
        _ => throw new ArgumentException($"no layer ids for {architecture.GetType().Name}"),
    };

    /// <summary>The layer id of a parameter, by its timm name (backbone names, and <c>head.*</c>).</summary>
    public static int LayerId(string name, IBackboneConfig architecture)
    {
        if (name.StartsWith("patch_embed.", StringComparison.Ordinal) || name is "absolute_pos_embed" or "pos_embed" or "cls_token") return 0;
        if (name.StartsWith("norm.", StringComparison.Ordinal) || name.StartsWith("head.", StringComparison.Ordinal)) return Blocks(architecture) + 1;
        var parts = name.Split('.');
        return (architecture, parts) switch
        {
            (SwinConfig swin, ["layers", var stage, "blocks", var block, ..]) when Index(stage, swin.Depths.Length) is int s && Index(block, swin.Depths[s]) is int b
                => swin.Depths.Take(s).Sum() + b + 1,
            (SwinConfig swin, ["layers", var stage, "downsample", ..]) when Index(stage, swin.Depths.Length) is int s => swin.Depths.Take(s + 1).Sum(),
            (VitConfig vit, ["blocks", var block, ..]) when Index(block, vit.Depth) is int b => b + 1,
            _ => throw new ArgumentException($"no layer id for the parameter '{name}' of a {architecture.GetType().Name} backbone"),
        };
    }

    /// <summary>The learning-rate multiplier of layer id <paramref name="id"/>: decay^(L + 1 - id).</summary>
    public static double Scale(int id, int blocks, double decay) => Math.Pow(decay, blocks + 1 - id);

    /// <summary>
    /// AdamW's groups: one per layer id and weight-decay choice, the decay skipping norms, biases and position tables
    /// (<see cref="ParameterGroups.SkipsDecay"/>), in layer order.
    /// </summary>
    public static IReadOnlyList<ParameterGroup> Groups(IEnumerable<(string Name, Parameter Parameter)> trainable, IBackboneConfig architecture,
                                                       double weightDecay, double decay) =>
        Groups(trainable, Blocks(architecture), name => LayerId(name, architecture),
               p => ParameterGroups.SkipsDecay(p.Name, p.Parameter, excludeEmbeddings: true), weightDecay, decay);

    /// <summary>
    /// The same for any model whose parameters have layer ids 0..<paramref name="blocks"/> + 1 (<paramref name="layerId"/>),
    /// with its own rule for which parameters skip weight decay (<paramref name="skipsDecay"/>).
    /// </summary>
    public static IReadOnlyList<ParameterGroup> Groups(IEnumerable<(string Name, Parameter Parameter)> trainable, int blocks, Func<string, int> layerId,
                                                       Func<(string Name, Parameter Parameter), bool> skipsDecay, double weightDecay, double decay) =>
        trainable
            .GroupBy(p => (Id: layerId(p.Name), Skip: skipsDecay(p)))
            .OrderBy(g => g.Key.Id).ThenBy(g => g.Key.Skip)
            .Select(g => new ParameterGroup(g.ToList(), g.Key.Skip ? 0.0 : weightDecay, Scale(g.Key.Id, blocks, decay)))
            .ToList();

    private static int? Index(string text, int count) => int.TryParse(text, out int i) && i >= 0 && i < count ? i : null;
}
