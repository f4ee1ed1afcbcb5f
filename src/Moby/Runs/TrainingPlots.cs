using Moby.Interop;
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
            report($"Could not redraw the plots from {ShownNames.Path(path)}: {ShownNames.IoMessage(e)}");
        }
    }

    private void Draw(string path)
    {
        // Streamed, never held whole: a long run's log is hundreds of MB (see PlotSeries).
        var series = Series.ToDictionary(s => s.Key, _ => new PlotSeries());
        var knn = new PlotSeries();
        var damaged = new DamagedLines();
        foreach (var record in MetricsFile.Read(path))
        {
            if (record.IsDamaged) damaged.Add(record.Line);
            else if (record.Type == "iter") AddSteps(record, series);
            else if (record.Type == "monitor") knn.Add(record.Numbers["step"], record.Numbers["epoch"] + 1, 100 * record.Numbers["value"]);
        }
        if (damaged.Count > damagedReported) report(MetricsFile.Damaged(path, damaged.Count, damaged.First));
        damagedReported = damaged.Count;
        foreach (var (key, title, file) in Series)
            if (series[key].Points() is { Count: > 0 } points) renderer.Line(Path.Combine(directory, file), title, "step", key, points);
        if (knn.Points() is { Count: > 0 } accuracy)
            renderer.Line(Path.Combine(directory, "knn.png"), "Online kNN top-1 (%) on the monitor subsets", "epoch", "top-1 %", accuracy);
    }

    /// <summary>An iteration record's values of the plotted keys, by its step.</summary>
    internal static void AddSteps(MetricsRecord record, Dictionary<string, PlotSeries> series)
    {
        double step = record.Numbers["step"];
        foreach (var (key, points) in series)
            if (record.Numbers.TryGetValue(key, out double value)) points.Add(step, step, value);
    }

    /// <summary>The count of damaged lines and the first numbers reported, not every one (a log can be all damage).</summary>
    private sealed class DamagedLines
    {
        public int Count { get; private set; }
        public List<int> First { get; } = [];

        public void Add(int line)
        {
            if (Count++ < MetricsFile.ShownDamagedLines) First.Add(line);
        }
    }
}
