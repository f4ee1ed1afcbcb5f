using Moby.Training;

namespace Moby.Runs;

/// <summary>
/// PNG plots of a run's metrics.jsonl (loss, learning rate, momentum, gradient norm, collapse indicator over
/// optimizer steps, the online kNN accuracy over epochs), drawn by <c>renderer</c> and redrawn at every epoch end so a
/// user can watch a run from its output folder. The plots are a view: damaged lines of the log are skipped, and a
/// failure to draw is reported through <c>report</c>, never thrown, because it runs before the epoch's checkpoint is written.
/// </summary>
internal sealed class TrainingPlots(string directory, IPlotRenderer renderer, Action<string> report) : IPretrainObserver
{
    private static readonly (string Key, string Title, string File)[] Series =
    [
        ("loss", "MoBY loss", "loss.png"),
        ("lr", "Learning rate", "lr.png"),
        ("momentum", "Target momentum", "momentum.png"),
        ("grad_norm", "Gradient norm (before clipping)", "grad_norm.png"),
        ("collapse_std", "Collapse indicator: std of normalised projections", "collapse.png"),
    ];

    private int damagedReported;

    public void EpochEnded(EpochMetrics metrics) => Refresh();

    public void Refresh() => Guarded(directory, report, Draw);

    /// <summary>Reads the run's log and draws from it; a failure of either is reported, never thrown.</summary>
    internal static void Guarded(string directory, Action<string> report, Action<string> draw)
    {
        string path = Path.Combine(directory, MetricsLog.FileName);
        try
        {
            if (File.Exists(path)) draw(path);
        }
        catch (Exception e) // the plots are a view of the run; no failure of theirs may cost an epoch of training
        {
            report($"Could not redraw the plots from {path}: {e.Message}");
        }
    }

    private void Draw(string path)
    {
        var records = MetricsFile.Read(path).ToList();
        var damaged = records.Where(r => r.IsDamaged).Select(r => r.Line).ToList();
        if (damaged.Count > damagedReported) report(MetricsFile.Damaged(path, damaged));
        damagedReported = damaged.Count;
        var iterations = Latest(records, "iter");
        foreach (var (key, title, file) in Series)
        {
            var points = iterations.Where(r => r.ContainsKey(key)).Select(r => (r["step"], r[key])).ToArray();
            if (points.Length > 0) renderer.Line(Path.Combine(directory, file), title, "step", key, points);
        }
        var knn = Latest(records, "monitor").Select(r => (r["epoch"] + 1, 100 * r["value"])).ToArray();
        if (knn.Length > 0) renderer.Line(Path.Combine(directory, "knn.png"), "Online kNN top-1 (%) on the monitor subsets", "epoch", "top-1 %", knn);
    }

    /// <summary>The numeric fields of the records of one type, by step; should a step repeat, the latest value wins.</summary>
    internal static List<IReadOnlyDictionary<string, double>> Latest(IEnumerable<MetricsRecord> records, string type)
    {
        var byStep = new SortedDictionary<double, IReadOnlyDictionary<string, double>>();
        foreach (var record in records.Where(r => r.Type == type)) byStep[record.Numbers["step"]] = record.Numbers;
        return byStep.Values.ToList();
    }
}
