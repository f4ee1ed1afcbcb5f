using System.Collections;
using System.Globalization;
using System.Text.RegularExpressions;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>Describes a checkpoint: key groups, sizes, config, and the architecture its weight shapes imply.</summary>
public static partial class CheckpointInspector
{
    const string PatchEmbed = "patch_embed.proj.weight";

    /// <summary>What a checkpoint holds: its key groups and sizes, epoch, configuration, and the architecture its weight shapes tell.</summary>
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
        var (embed, inChans, patch, stem) = PatchShape(backbone);
        return new SwinShape(embed, inChans, patch,
            stages.Select(s => blocks.Where(b => b.Stage == s).Max(b => b.Block) + 1).ToList(),
            tables.Select(t => Size(t, 1)).ToList(),
            tables[0] is { } table ? (int)(Math.Round(Math.Sqrt(Size(table, 0))) + 1) / 2 : null,
            backbone.ContainsKey("absolute_pos_embed"), stem);
    }

    static VitShape? GuessVit(Dictionary<string, Tensor> backbone)
    {
        if (!backbone.ContainsKey("cls_token") || !backbone.TryGetValue("pos_embed", out var position)) return null;
        var (embed, inChans, patch, stem) = PatchShape(backbone);
        var depth = backbone.Keys.Select(k => VitBlock().Match(k)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Count();
        return new VitShape(embed, inChans, patch, depth, Size(position, 1), stem);
    }

    /// <summary>
    /// From the patchify convolution [embed, in_chans, patch, patch]; with a convolutional stem
    /// (patch_embed.stem.stages.{i}.conv.weight, each a stride-2 3x3 conv) the input channels are those of the
    /// first stage and the patch is 2^stages, while proj is the 1x1 convolution to the embedding.
    /// </summary>
    static (int Embed, int InChans, int Patch, bool ConvStem) PatchShape(Dictionary<string, Tensor> backbone)
    {
        var proj = backbone[PatchEmbed];
        var stages = backbone.Keys.Select(k => StemStage().Match(k)).Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().Count();
        if (stages > 0 && backbone.GetValueOrDefault("patch_embed.stem.stages.0.conv.weight") is { } first)
            return (Size(proj, 0), Size(first, 1), 1 << Math.Min(stages, 30), true);
        return (Size(proj, 0), Size(proj, 1), Size(proj, 2), false);
    }

    /// <summary>A dimension of a weight from the file, 0 when the tensor has fewer dimensions (the file may be crafted).</summary>
    static int Size(Tensor? tensor, int dimension) =>
        tensor is not null && tensor.dim() > dimension ? (int)Math.Min(tensor.shape[dimension], int.MaxValue) : 0;

    static MobyShape GuessMoby(IReadOnlyDictionary<string, Tensor> state)
    {
        var unwrapped = StateDictViews.StripPrefix(state, StateDictViews.DataParallelPrefix);
        var projector = Matrices(unwrapped, "projector.");
        var predictor = Matrices(unwrapped, "predictor.");
        return new MobyShape(
            unwrapped.TryGetValue("queue1", out var queue) && queue.dim() == 2 ? Size(queue, 1) : null,
            projector.FirstOrDefault(), projector.LastOrDefault(), predictor.FirstOrDefault());
    }

    /// <summary>Output widths of the Linear layers (2-D weights) under a prefix, in file order.</summary>
    static List<int?> Matrices(IReadOnlyDictionary<string, Tensor> state, string prefix) => state
        .Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal) && p.Key.EndsWith(".weight", StringComparison.Ordinal) && p.Value.dim() == 2)
        .Select(p => (int?)Size(p.Value, 0))
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

    [GeneratedRegex(@"^layers\.(\d{1,3})\.blocks\.(\d{1,4})\.")]
    private static partial Regex SwinBlock();

    [GeneratedRegex(@"^blocks\.(\d{1,4})\.")]
    private static partial Regex VitBlock();

    [GeneratedRegex(@"^patch_embed\.stem\.stages\.(\d{1,2})\.conv\.weight$")]
    private static partial Regex StemStage();
}
