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
        var iterations = Read(metricsPath, "iter");
        foreach (var (key, title, file) in Series)
        {
            var points = iterations.Where(r => r.ContainsKey(key)).Select(r => (r["step"], r[key])).ToArray();
            if (points.Length > 0) LinePlot.Save(Path.Combine(directory, file), title, "step", key, points);
        }
        var knn = Read(metricsPath, "monitor").Select(r => (r["epoch"] + 1, 100 * r["value"])).ToArray();
        if (knn.Length > 0) LinePlot.Save(Path.Combine(directory, "knn.png"), "Online kNN top-1 (%) on the monitor subsets", "epoch", "top-1 %", knn);
    }

    /// <summary>The numeric fields of the records of one type, by step; a resumed run may repeat steps, the latest value wins.</summary>
    private static List<Dictionary<string, double>> Read(string path, string type)
    {
        var byStep = new SortedDictionary<double, Dictionary<string, double>>();
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            if (doc.RootElement.GetProperty("type").GetString() != type) continue;
            var row = doc.RootElement.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Number)
                .ToDictionary(p => p.Name, p => p.Value.GetDouble());
            byStep[row["step"]] = row;
        }
        return byStep.Values.ToList();
    }
}
