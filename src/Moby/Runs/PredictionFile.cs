using System.Globalization;
using System.Text;
using System.Text.Json;
using Moby.Finetune;
using Moby.Interop;

namespace Moby.Runs;

/// <summary>
/// Predictions as a file, by its extension: CSV (one row per image: image, label when known, then class and probability
/// for each rank) or JSON (a list of {image, label, top: [{class, probability}]}). Written atomically.
/// </summary>
internal static class PredictionFile
{
    /// <summary>Refuses, before any work, an extension we do not write or a path we cannot write; the folder made for the file
    /// is removed again when the run fails before writing it.</summary>
    public static OutputFolder Check(string path)
    {
        if (Format(path) is null)
            throw new ArgumentException($"--output {ShownNames.Path(path)}: expected a file name ending in .csv or .json");
        return OutputFolder.ForFile(path);
    }

    public static void Write(string path, IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes)
    {
        var text = Format(path) == ".csv" ? Csv(predictions, classes) : Json(predictions, classes);
        AtomicFile.Write(path, stream => stream.Write(Encoding.UTF8.GetBytes(text)));
    }

    private static string? Format(string path) => Path.GetExtension(path).ToLowerInvariant() switch { ".csv" => ".csv", ".json" => ".json", _ => null };

    private static string Csv(IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes)
    {
        int k = predictions.Count > 0 ? predictions[0].Classes.Length : 0;
        bool labelled = predictions.Any(p => p.Label >= 0);
        var csv = new StringBuilder();
        var header = new List<string> { "image" };
        if (labelled) header.Add("label");
        for (int r = 1; r <= k; r++) header.AddRange([$"class_{r}", $"probability_{r}"]);
        csv.AppendLine(string.Join(',', header));
        foreach (var p in predictions)
        {
            var row = new List<string> { Field(p.Image) };
            if (labelled) row.Add(p.Label >= 0 ? Field(classes[p.Label]) : "");
            for (int r = 0; r < p.Classes.Length; r++) row.AddRange([Field(classes[p.Classes[r]]), p.Probabilities[r].ToString("0.######", CultureInfo.InvariantCulture)]);
            csv.AppendLine(string.Join(',', row));
        }
        return csv.ToString();
    }

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    private static string Field(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"")}\"";

    private static string Json(IReadOnlyList<Prediction> predictions, IReadOnlyList<string> classes) => JsonSerializer.Serialize(
        predictions.Select(p => new
        {
            image = p.Image, label = p.Label >= 0 ? classes[p.Label] : null,
            top = p.Classes.Select((c, r) => new { @class = classes[c], probability = p.Probabilities[r] }),
        }), new JsonSerializerOptions { WriteIndented = true });
}
