namespace Moby.Config.Memory;

/// <summary>
/// Refuses, before anything is built, a run whose configuration asks for more memory than <see cref="MemoryLimit"/>:
/// every key may be in its range (<see cref="ConfigRules"/>) while their product (width x depth x batch x tokens ...) is
/// terabytes. One line names the largest share of the estimate (<see cref="MemoryEstimate"/>), the keys that make it
/// big, and the estimate against the limit.
/// </summary>
internal static class RunMemory
{
    /// <param name="limit">Null: <see cref="MemoryLimit.Current"/>.</param>
    /// <exception cref="ConfigException">The estimate is over the limit.</exception>
    public static void Check(ConfigTree tree, MemoryEstimate estimate, MemoryLimit? limit = null)
    {
        var parts = estimate.Parts(tree);
        double total = parts.Sum(p => p.Bytes);
        limit ??= MemoryLimit.Current();
        if (total <= limit.Bytes) return;
        var largest = parts.MaxBy(p => p.Bytes)!;
        var keys = Sizing(tree, estimate, largest);
        string where = keys.Count > 0 && tree.Origin(keys[0]) is var origin && origin != ConfigTree.DefaultOrigin
            ? origin : estimate.Source ?? "the configuration";
        string from = keys.Count > 0 ? string.Join(", ", keys.Select(k => $"{k}={tree.Show(k)}")) : $"the backbone of {estimate.Source ?? "the checkpoint"}";
        throw new ConfigException($"{where}: {estimate.Run} would need about {MemoryLimit.Size(total)} of memory, more than the limit of {limit}; " +
                                  $"{largest.What} alone take about {MemoryLimit.Size(largest.Bytes)}, sized by {from}.");
    }

    /// <summary>
    /// The check of a run whose model and batch come from options or a checkpoint rather than from a configuration (bench,
    /// features, the official linear protocol): they are written as the keys they stand for (the architecture's,
    /// DATA.BATCH_SIZE, and <paramref name="options"/>) and checked as that configuration's run would be.
    /// </summary>
    /// <param name="limit">Null: <see cref="MemoryLimit.Current"/>.</param>
    public static void CheckModel(Backbones.IBackboneConfig encoder, int batch, MemoryEstimate estimate, IEnumerable<string>? options = null,
                                  MemoryLimit? limit = null) =>
        Check(ConfigTree.Load(null, [.. ArchitectureOptions.Of(encoder), $"DATA.BATCH_SIZE={batch}", .. options ?? []]), estimate, limit);

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
        Check(tree, EncoderRuns.Encoder());
    }

    /// <summary>
    /// The keys that make a share big: those whose default value would at least halve it, the most first; else the one
    /// that shrinks it most; all of the share's keys when none would (the defaults' run, or another model's).
    /// </summary>
    private static IReadOnlyList<string> Sizing(ConfigTree tree, MemoryEstimate estimate, MemoryPart share)
    {
        var shrink = share.Keys.Distinct().Select(key => (Key: key, Factor: share.Bytes / Without(tree, key, estimate, share)))
            .Where(k => k.Factor > 1).OrderByDescending(k => k.Factor).ToList();
        if (shrink.Count == 0) return share.Keys.Distinct().ToList();
        var halving = shrink.Where(k => k.Factor >= 2).Select(k => k.Key).ToList();
        return halving.Count > 0 ? halving : [shrink[0].Key];
    }

    /// <summary>The share's bytes with <paramref name="key"/> at its default (as many when that cannot be estimated).</summary>
    private static double Without(ConfigTree tree, string key, MemoryEstimate estimate, MemoryPart share)
    {
        try
        {
            return estimate.Parts(tree.WithDefault(key)).FirstOrDefault(p => p.What == share.What)?.Bytes ?? share.Bytes;
        }
        catch (Exception e) when (e is ConfigException or ArgumentException or InvalidCastException or IndexOutOfRangeException)
        {
            return share.Bytes;
        }
    }
}
