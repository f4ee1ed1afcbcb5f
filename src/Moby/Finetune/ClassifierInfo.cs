using System.Collections;
using System.Text.Json;
using Moby.Data;
using Moby.Interop;

namespace Moby.Finetune;

/// <summary>
/// What a fine-tuned checkpoint records beside its weights so that it classifies on its own: the class names (the data
/// set's: Fashion-MNIST's ten names, an image folder's class folders), the normalisation and evaluation crop its images
/// were trained with, and where its labels came from. In a .pth checkpoint it is the top-level "classifier" entry; in a
/// safetensors export, JSON in the metadata. A checkpoint without it (a timm state_dict from Python) gets numbered
/// classes and the defaults.
/// </summary>
internal sealed record ClassifierInfo(IReadOnlyList<string> Classes, ChannelStats Stats, double CropRatio, string Data, string Labels)
{
    public const string Key = "classifier";

    /// <summary>Longer names are not class names; it bounds what a crafted file makes every prediction carry.</summary>
    private const int MaxNameLength = 1024;

    public Dictionary<string, object?> ToEntry() => new()
    {
        ["classes"] = Classes.ToList(), ["mean"] = Stats.Mean.Select(v => (double)v).ToList(), ["std"] = Stats.Std.Select(v => (double)v).ToList(),
        ["crop_ratio"] = CropRatio, ["data"] = Data, ["labels"] = Labels,
    };

    public Dictionary<string, string> ToMetadata() => new() { [Key] = JsonSerializer.Serialize(ToEntry()) };

    /// <summary>The entry of <paramref name="checkpoint"/>, checked against the head's <paramref name="classes"/> and the input channels; defaults when it has none.</summary>
    public static ClassifierInfo Read(Checkpoint checkpoint, int classes, int channels, double defaultCropRatio)
    {
        object? entry = checkpoint.Extra.GetValueOrDefault(Key);
        if (entry is null && checkpoint.Metadata.TryGetValue(Key, out var json)) entry = FromJson(json, checkpoint.Path);
        if (entry is null)
            return new ClassifierInfo(Enumerable.Range(0, classes).Select(i => i.ToString()).ToArray(),
                                      channels == 3 ? ChannelStats.ImageNet : new ChannelStats(Enumerable.Repeat(0.5f, channels).ToArray(), Enumerable.Repeat(0.5f, channels).ToArray()),
                                      defaultCropRatio, "", "");
        if (entry is not IReadOnlyDictionary<string, object?> values)
            throw Bad(checkpoint.Path, "", entry, "a dict of classes, mean, std, crop_ratio, data and labels");
        var names = Strings(values, "classes", checkpoint.Path);
        if (names.Count != classes)
            throw new CheckpointFormatException(checkpoint.Path, $"{Key}.classes names {names.Count} classes, but the head has {classes}");
        var mean = Numbers(values, "mean", channels, checkpoint.Path);
        var std = Numbers(values, "std", channels, checkpoint.Path);
        if (std.Any(s => !(s > 0))) throw new CheckpointFormatException(checkpoint.Path, $"{Key}.std holds a value that is not above 0");
        double crop = Number(values, "crop_ratio", checkpoint.Path);
        if (!(crop > 0 && crop <= 1)) throw new CheckpointFormatException(checkpoint.Path, $"{Key}.crop_ratio is {crop}, expected a number in (0, 1]");
        return new ClassifierInfo(names, new ChannelStats(mean, std), crop, Text(values, "data", checkpoint.Path), Text(values, "labels", checkpoint.Path));
    }

    private static object? FromJson(string json, string path)
    {
        try
        {
            return PythonValues.ToPlain(ToPlainJson(JsonDocument.Parse(json).RootElement));
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException(path, $"the metadata '{Key}' is not JSON ({ShownNames.Path(e.Message)})");
        }
    }

    /// <summary>JSON as the pickled entry's plain values; a repeated name: the last wins; a number beyond double: not a number.</summary>
    private static object? ToPlainJson(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var values = new Dictionary<string, object?>();
                foreach (var property in element.EnumerateObject()) values[property.Name] = ToPlainJson(property.Value);
                return values;
            case JsonValueKind.Array: return element.EnumerateArray().Select(ToPlainJson).ToList();
            case JsonValueKind.String: return element.GetString();
            case JsonValueKind.Number: return element.TryGetDouble(out double number) ? number : element.GetRawText();
            default: return null;
        }
    }

    private static List<string> Strings(IReadOnlyDictionary<string, object?> values, string name, string path)
    {
        var items = values.GetValueOrDefault(name) as IList ?? throw Bad(path, name, values.GetValueOrDefault(name), "a list of class names");
        return items.Cast<object?>().Select(item => item is string { Length: > 0 and <= MaxNameLength } s ? s
            : throw Bad(path, name, item, $"class names of 1 to {MaxNameLength} characters")).ToList();
    }

    private static float[] Numbers(IReadOnlyDictionary<string, object?> values, string name, int count, string path)
    {
        var items = values.GetValueOrDefault(name) as IList;
        if (items is null || items.Count != count) throw Bad(path, name, values.GetValueOrDefault(name), $"a list of {count} numbers, one per input channel");
        return items.Cast<object?>().Select(item => (float)ToDouble(item, $"{name}", path)).ToArray();
    }

    private static double Number(IReadOnlyDictionary<string, object?> values, string name, string path) => ToDouble(values.GetValueOrDefault(name), name, path);

    private static double ToDouble(object? value, string name, string path) => value switch
    {
        double d when double.IsFinite(d) => d,
        int or long => Convert.ToDouble(value),
        _ => throw Bad(path, name, value, "a finite number"),
    };

    private static string Text(IReadOnlyDictionary<string, object?> values, string name, string path) =>
        values.GetValueOrDefault(name) switch { string s when s.Length <= MaxNameLength => s, null => "", var other => throw Bad(path, name, other, "a string") };

    private static CheckpointFormatException Bad(string path, string name, object? value, string expected) =>
        new(path, $"{Key}{(name.Length > 0 ? "." + name : "")} is {PythonValues.Describe(value)}, expected {expected}");
}
