using Moby.Backbones;

namespace Moby.Config.Memory;

/// <summary>
/// Refuses, before anything is built, a run whose configuration asks for more memory than <see cref="MemoryLimit"/>:
/// every key may be in its range (<see cref="ConfigRules"/>) while their product (width x depth x batch x tokens ...) is
/// terabytes. One line names the largest share of the estimate (<see cref="RunEstimate"/>), the keys that size it, and
/// the estimate against the limit.
/// </summary>
internal static class RunMemory
{
    private static readonly Lazy<ConfigTree> defaults = new(ConfigTree.Defaults);

    /// <param name="encoder">The backbone when it does not come from the tree's keys, and <paramref name="encoderSource"/> the file it comes from.</param>
    /// <param name="limit">Null: <see cref="MemoryLimit.Current"/>.</param>
    /// <exception cref="ConfigException">The estimate is over the limit.</exception>
    public static void Check(ConfigTree tree, RunUse use, IBackboneConfig? encoder = null, string? encoderSource = null, MemoryLimit? limit = null)
    {
        var parts = RunEstimate.Of(tree, use, encoder);
        double total = parts.Sum(p => p.Bytes);
        limit ??= MemoryLimit.Current();
        if (parts.Count == 0 || total <= limit.Bytes) return;
        var largest = parts.MaxBy(p => p.Bytes)!;
        var keys = Sizing(tree, largest.Keys);
        string where = keys.Count > 0 ? tree.Origin(keys[0]) : encoderSource ?? "the configuration";
        if (where == ConfigTree.DefaultOrigin) where = encoderSource ?? "the configuration";
        string from = keys.Count > 0 ? string.Join(", ", keys.Select(k => $"{k}={tree.Show(k)}")) : $"the backbone of {encoderSource ?? "the checkpoint"}";
        throw new ConfigException($"{where}: {Run(use)} would need about {MemoryLimit.Size(total)} of memory, more than the limit of {limit}; " +
                                  $"{largest.What} alone take about {MemoryLimit.Size(largest.Bytes)}, sized by {from}.");
    }

    /// <summary>The check every configuration gets when it is read: the encoder it describes must hold one image. An encoder
    /// it cannot describe (an unknown preset or name) is left to the command that builds it, which says why.</summary>
    public static void CheckEncoder(ConfigTree tree)
    {
        try
        {
            ModelConfigs.Encoder(tree);
        }
        catch (Exception e) when (e is ConfigException or ArgumentException)
        {
            return;
        }
        Check(tree, RunUse.Encoder);
    }

    /// <summary>The keys of a share that differ from their defaults (what the user or the file changed); all of them when none does.</summary>
    private static IReadOnlyList<string> Sizing(ConfigTree tree, IReadOnlyList<string> keys)
    {
        var distinct = keys.Distinct().ToList();
        var changed = distinct.Where(k => tree.Show(k) != defaults.Value.Show(k)).ToList();
        return changed.Count > 0 ? changed : distinct;
    }

    private static string Run(RunUse use) => use switch
    {
        RunUse.Encoder => "the encoder on one image",
        RunUse.Features => "the encoder on one batch",
        RunUse.Pretraining => "MoBY pre-training",
        RunUse.Finetuning => "fine-tuning",
        RunUse.SegmentationTraining => "segmentation training",
        RunUse.SegmentationInference => "segmentation of one image",
        RunUse.DetectionTraining => "detection training",
        _ => "detection on one image",
    };
}
