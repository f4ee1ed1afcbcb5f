using System.Text.Json;
using Moby.Training;

namespace Moby.Reporting;

/// <summary>
/// PNG plots of a run's metrics.jsonl (loss, learning rate, momentum, gradient norm, collapse indicator over
/// optimizer steps), redrawn at every epoch end so a user can watch a run from its output folder.
/// </summary>
public sealed class TrainingPlots(string directory) : IPretrainObserver
{
    private static readonly (string Key, string Title, string File)[] Series =
    [
        ("loss", "MoBY loss", "loss.png"),
        ("lr", "Learning rate", "lr.png"),
        ("momentum", "Target momentum", "momentum.png"),
        ("grad_norm", "Gradient norm (before clipping)", "grad_norm.png"),
        ("collapse_std", "Collapse indicator: std of normalised projections", "collapse.png"),
    ];

    public void EpochEnded(EpochMetrics metrics) => Refresh(Path.Combine(directory, "metrics.jsonl"));

    public void Refresh(string metricsPath)
    {
        if (!File.Exists(metricsPath)) return;
        var rows = ReadIterations(metricsPath);
        if (rows.Count == 0) return;
        foreach (var (key, title, file) in Series)
        {
            var points = rows.Where(r => r.ContainsKey(key)).Select(r => (r["step"], r[key])).ToArray();
            if (points.Length > 0) LinePlot.Save(Path.Combine(directory, file), title, "step", key, points);
        }
    }

    /// <summary>The "iter" records; a resumed run may repeat steps, the latest value wins.</summary>
    private static List<Dictionary<string, double>> ReadIterations(string path)
    {
        var byStep = new SortedDictionary<double, Dictionary<string, double>>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("type").GetString() != "iter") continue;
            var row = doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.GetDouble());
            byStep[row["step"]] = row;
        }
        return byStep.Values.ToList();
    }
}
