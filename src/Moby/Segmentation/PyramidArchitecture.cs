using Moby.Backbones.Swin;
using Moby.Interop;

namespace Moby.Segmentation;

/// <summary>
/// The entry of a transfer checkpoint ("segmentation" of moby segment train, "detection" of moby detect train) that
/// describes its padded Swin pyramid and its class names, so that evaluation rebuilds the model without the pre-trained
/// checkpoint. Read back with every value checked, since a checkpoint may be damaged or crafted: one
/// <see cref="CheckpointFormatException"/> naming the file and the key.
/// </summary>
/// <param name="Entry">The checkpoint's key for this entry.</param>
/// <param name="Writer">The command that writes such checkpoints, named when the entry is missing.</param>
/// <param name="MaxClasses">The most classes a checkpoint may name.</param>
internal sealed record PyramidArchitecture(string Entry, string Writer, int MaxClasses)
{
    private const int MaxStages = 8, MaxWidth = 16384;

    /// <summary>Segmentation: class indices are bytes of the label maps, 255 the ignored label.</summary>
    public static readonly PyramidArchitecture Segmentation = new("segmentation", "moby segment train", 254);

    public static readonly PyramidArchitecture Detection = new("detection", "moby detect train", 4096);

    /// <param name="categoryIds">The data set's id of each class (a COCO file's category ids), written when given.</param>
    public static Dictionary<string, object?> Describe(SwinConfig swin, IReadOnlyList<string> classes, IReadOnlyList<long>? categoryIds = null)
    {
        var entry = new Dictionary<string, object?>
        {
            ["patch_size"] = swin.PatchSize, ["in_chans"] = swin.InChans, ["embed_dim"] = swin.EmbedDim,
            ["depths"] = swin.Depths.Cast<object?>().ToList(), ["num_heads"] = swin.NumHeads.Cast<object?>().ToList(),
            ["windows"] = Enumerable.Range(0, swin.NumLayers).Select(s => (object?)swin.StageWindow(s)).ToList(),
            ["mlp_ratio"] = swin.MlpRatio, ["qkv_bias"] = swin.QkvBias, ["patch_norm"] = swin.PatchNorm, ["conv_stem"] = swin.ConvStem,
            ["norm_before_mlp"] = swin.NormBeforeMlp, ["classes"] = classes.Cast<object?>().ToList(),
        };
        if (categoryIds is not null) entry["category_ids"] = categoryIds.Cast<object?>().ToList();
        return entry;
    }

    public (SwinConfig Backbone, IReadOnlyList<string> Classes) Read(Checkpoint checkpoint)
    {
        string path = checkpoint.Path;
        if (!checkpoint.Extra.TryGetValue(Entry, out var entry) || entry is not IReadOnlyDictionary<string, object?> d)
            throw new CheckpointFormatException(path, $"it has no '{Entry}' entry (the backbone architecture and classes): not a checkpoint of {Writer}");
        int Number(object? value, string key, int max) => value is int or long && Convert.ToInt64(value) is var x && x >= 1 && x <= max
            ? (int)x : throw new CheckpointFormatException(path, $"{Entry}.{key} is {PythonValues.Describe(value)}, expected an integer from 1 to {max}");
        int Int(string key, int max) => Number(d.GetValueOrDefault(key), key, max);
        int[] Ints(string key, int max) => d.GetValueOrDefault(key) is List<object?> { Count: >= 1 and <= MaxStages } items
            ? items.Select((item, i) => Number(item, $"{key}[{i}]", max)).ToArray()
            : throw new CheckpointFormatException(path, $"{Entry}.{key} is {PythonValues.Describe(d.GetValueOrDefault(key))}, expected a list of 1 to {MaxStages} integers");
        bool Bool(string key) => d.GetValueOrDefault(key) is bool b ? b : throw new CheckpointFormatException(path, $"{Entry}.{key} is {PythonValues.Describe(d.GetValueOrDefault(key))}, expected true or false");
        var classes = d.GetValueOrDefault("classes") is List<object?> { Count: >= 1 } names && names.Count <= MaxClasses && names.All(n => n is string)
            ? names.Cast<string>().ToList()
            : throw new CheckpointFormatException(path, $"{Entry}.classes is not a list of 1 to {MaxClasses} class names");
        double ratio = d.GetValueOrDefault("mlp_ratio") is double r && r > 0 && r <= 64 ? r
            : throw new CheckpointFormatException(path, $"{Entry}.mlp_ratio is {PythonValues.Describe(d.GetValueOrDefault("mlp_ratio"))}, expected a number in (0, 64]");
        var config = new SwinConfig
        {
            PatchSize = Int("patch_size", 256), InChans = Int("in_chans", 64), EmbedDim = Int("embed_dim", MaxWidth),
            Depths = Ints("depths", 64), NumHeads = Ints("num_heads", 1024), StageWindows = Ints("windows", 256), MlpRatio = ratio,
            QkvBias = Bool("qkv_bias"), PatchNorm = Bool("patch_norm"), ConvStem = Bool("conv_stem"),
            NormBeforeMlp = d.GetValueOrDefault("norm_before_mlp") as string ?? "", Padded = true, DropPathRate = 0,
        };
        if (config.Problem() is { } problem) throw new CheckpointFormatException(path, $"its {Entry} backbone cannot be built: {problem}");
        // The model is built before its weights load: a crafted entry must not make us allocate more than the file holds.
        long blocks = Enumerable.Range(0, config.NumLayers).Sum(s => config.Depths[s] * 12L * (config.EmbedDim << s) * (config.EmbedDim << s));
        long stored = checkpoint.State.Values.Sum(t => t.numel());
        if (blocks > stored)
            throw new CheckpointFormatException(path, $"its {Entry} entry describes a backbone of about {blocks:N0} weights, more than the {stored:N0} the file holds");
        return (config, classes);
    }

    /// <summary>The category id of each of <paramref name="count"/> classes, when the entry has them (null otherwise).</summary>
    public long[]? CategoryIds(Checkpoint checkpoint, int count)
    {
        if (!checkpoint.Extra.TryGetValue(Entry, out var entry) || entry is not IReadOnlyDictionary<string, object?> d
            || !d.TryGetValue("category_ids", out var value) || value is null) return null;
        return value is List<object?> ids && ids.Count == count && ids.All(i => i is int or long)
            ? ids.Select(Convert.ToInt64).ToArray()
            : throw new CheckpointFormatException(checkpoint.Path, $"{Entry}.category_ids is {PythonValues.Describe(value)}, expected a list of {count} integers (one per class)");
    }
}
