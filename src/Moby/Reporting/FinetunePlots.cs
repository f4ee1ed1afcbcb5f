using System.Text.Json;
using Moby.Training;

namespace Moby.Reporting;

/// <summary>
/// PNG plots of a fine-tuning run's metrics.jsonl, redrawn at every epoch end: the training loss, the learning rate
/// (of the head; the layers below train at their layer-decay fraction of it) and the gradient norm per step, and the
/// train and held-out top-1 per epoch (accuracy.png). A view of the log, as <see cref="TrainingPlots"/>: damaged lines are
/// skipped and a failure to draw is reported through <c>report</c>, never thrown.
/// </summary>
internal sealed class FinetunePlots(string directory, Action<string> report) : IPretrainObserver
{
    private static readonly (string Key, string Title, string File)[] Steps =
    [
        ("loss", "Training loss (cross-entropy)", "loss.png"),
        ("lr", "Learning rate (head; lower layers x layer decay)", "lr.png"),
        ("grad_norm", "Gradient norm (before clipping)", "grad_norm.png"),
    ];

    /// <summary>The monitor records drawn on accuracy.png, with their legends.</summary>
    private static readonly (string Name, string Legend)[] Accuracies = [("train_top1", "train (augmented)"), ("held_out_top1", "held-out train images")];

    public void EpochEnded(EpochMetrics metrics) => Refresh();

    public void Refresh()
    {
        string path = Path.Combine(directory, MetricsLog.FileName);
        try
        {
            if (File.Exists(path)) Draw(MetricsFile.Read(path).Where(r => !r.IsDamaged).ToList());
        }
        catch (Exception e) // the plots are a view of the run; no failure of theirs may cost an epoch of training
        {
            report($"Could not redraw the plots from {path}: {e.Message}");
        }
    }

    private void Draw(List<MetricsRecord> records)
    {
        var iterations = records.Where(r => r.Type == "iter").GroupBy(r => r.Numbers["step"]).Select(g => g.Last().Numbers).OrderBy(n => n["step"]).ToList();
        foreach (var (key, title, file) in Steps)
        {
            var points = iterations.Where(n => n.ContainsKey(key)).Select(n => (n["step"], n[key])).ToArray();
            if (points.Length > 0) LinePlot.Save(Path.Combine(directory, file), title, "step", key, points);
        }
        var plot = new ScottPlot.Plot();
        foreach (var (name, legend) in Accuracies)
        {
            var points = records.Where(r => r.Type == "monitor" && MonitorName(r) == name)
                .GroupBy(r => r.Numbers["epoch"]).Select(g => g.Last().Numbers).OrderBy(n => n["epoch"]).ToArray();
            if (points.Length == 0) continue;
            var line = plot.Add.ScatterLine(points.Select(n => n["epoch"] + 1).ToArray(), points.Select(n => 100 * n["value"]).ToArray());
            line.LegendText = legend;
        }
        if (plot.GetPlottables().Any())
        {
            plot.Title("Top-1 accuracy (%) per epoch");
            plot.XLabel("epoch");
            plot.YLabel("top-1 %");
            plot.ShowLegend();
            PngFile.Save(plot, Path.Combine(directory, "accuracy.png"), 800, 450);
        }
    }

    private static string? MonitorName(MetricsRecord record)
    {
        using var document = JsonDocument.Parse(record.Text);
        return document.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
    }
}
