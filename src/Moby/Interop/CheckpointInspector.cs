using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>Describes a checkpoint: key groups, sizes, config, and the architecture its weight shapes imply.</summary>
public static partial class CheckpointInspector
{
    const string PatchEmbed = "patch_embed.proj.weight";

    public static CheckpointDescription Describe(Checkpoint checkpoint)
    {
        var state = checkpoint.State;
        var backbone = BackboneOf(state);
        var swin = backbone is null ? null : GuessSwin(backbone);
        return new CheckpointDescription(
            checkpoint.Path,
            checkpoint.Format,
            state.Count,
            state.Values.Where(t => t.is_floating_point()).Sum(t => t.NumberOfElements),
            Groups(state),
            checkpoint.Epoch,
            Flatten(checkpoint.Config),
            checkpoint.Metadata,
            swin,
            backbone is null || swin is not null ? null : GuessVit(backbone),
            StateDictViews.IsMoby(StateDictViews.StripPrefix(state, StateDictViews.DataParallelPrefix)) ? GuessMoby(state) : null);
    }

    static IReadOnlyList<KeyGroup> Groups(IReadOnlyDictionary<string, Tensor> state) => state
        .GroupBy(p => p.Key.Split('.')[0])
        .Select(g => new KeyGroup(g.Key, g.Count(), g.Sum(p => p.Value.NumberOfElements)))
        .ToList();

    /// <summary>
    /// The backbone weights wherever they sit: the MoBY online encoder, or under any prefix in front of
    /// "patch_embed.proj.weight" (e.g. "model." in the golden files).
    /// </summary>
    static Dictionary<string, Tensor>? BackboneOf(IReadOnlyDictionary<string, Tensor> state)
    {
        var candidates = StateDictViews.Backbone(state);
        var patchKey = candidates.Keys.FirstOrDefault(k => k.EndsWith(PatchEmbed, StringComparison.Ordinal));
        return patchKey is null ? null : StateDictViews.SelectPrefix(candidates, patchKey[..^PatchEmbed.Length]);
    }

    static SwinShape? GuessSwin(Dictionary<string, Tensor> backbone)
    {
        var blocks = backbone.Keys.Select(k => SwinBlock().Match(k)).Where(m => m.Success)
            .Select(m => (Stage: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Block: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        if (blocks.Count == 0) return null;
        var stages = Enumerable.Range(0, blocks.Max(b => b.Stage) + 1).ToList();
        var tables = stages.Select(s => backbone.GetValueOrDefault($"layers.{s}.blocks.0.attn.relative_position_bias_table")).ToList();
        var (embed, inChans, patch) = PatchShape(backbone);
        return new SwinShape(embed, inChans, patch,
            stages.Select(s => blocks.Where(b => b.Stage == s).Max(b => b.Block) + 1).ToList(),
            tables.Select(t => t is null ? 0 : (int)t.shape[1]).ToList(),
            tables[0] is { } table ? (int)(Math.Round(Math.Sqrt(table.shape[0])) + 1) / 2 : null,
            backbone.ContainsKey("absolute_pos_embed"));
    }

    static VitShape? GuessVit(Dictionary<string, Tensor> backbone)
    {
        if (!backbone.ContainsKey("cls_token") || !backbone.TryGetValue("pos_embed", out var position)) return null;
        var (embed, inChans, patch) = PatchShape(backbone);
        var depth = backbone.Keys.Select(k => VitBlock().Match(k)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Count();
        return new VitShape(embed, inChans, patch, depth, (int)position.shape[1]);
    }

    static (int Embed, int InChans, int Patch) PatchShape(Dictionary<string, Tensor> backbone)
    {
        var shape = backbone[PatchEmbed].shape; // [embed, in_chans, patch, patch]
        return ((int)shape[0], (int)shape[1], (int)shape[2]);
    }

    static MobyShape GuessMoby(IReadOnlyDictionary<string, Tensor> state)
    {
        var unwrapped = StateDictViews.StripPrefix(state, StateDictViews.DataParallelPrefix);
        var projector = Matrices(unwrapped, "projector.");
        var predictor = Matrices(unwrapped, "predictor.");
        return new MobyShape(
            unwrapped.TryGetValue("queue1", out var queue) && queue.dim() == 2 ? (int)queue.shape[1] : null,
            projector.FirstOrDefault(), projector.LastOrDefault(), predictor.FirstOrDefault());
    }

    /// <summary>Output widths of the Linear layers (2-D weights) under a prefix, in file order.</summary>
    static List<int?> Matrices(IReadOnlyDictionary<string, Tensor> state, string prefix) => state
        .Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key.EndsWith(".weight", StringComparison.Ordinal) && p.Value.dim() == 2)
        .Select(p => (int?)p.Value.shape[0])
        .ToList();

    /// <summary>Nested config dictionaries flattened to "MODEL.SWIN.EMBED_DIM" = "96".</summary>
    static Dictionary<string, string> Flatten(IReadOnlyDictionary<string, object?>? config)
    {
        var flat = new Dictionary<string, string>();
        if (config is not null) Flatten(config, "", flat);
        return flat;
    }

    static void Flatten(IReadOnlyDictionary<string, object?> node, string prefix, Dictionary<string, string> flat)
    {
        foreach (var (key, value) in node)
        {
            if (value is IReadOnlyDictionary<string, object?> child) Flatten(child, $"{prefix}{key}.", flat);
            else flat[prefix + key] = Text(value);
        }
    }

    static string Text(object? value) => value switch
    {
        null => "None",
        string s => s,
        IEnumerable items => $"[{string.Join(", ", items.Cast<object?>().Select(Text))}]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex(@"^layers\.(\d+)\.blocks\.(\d+)\.")]
    private static partial Regex SwinBlock();

    [GeneratedRegex(@"^blocks\.(\d+)\.")]
    private static partial Regex VitBlock();
}
