using System.Text.Json;
using Moby.Training;

namespace Moby.Runs;

/// <summary>
/// PNG plots of a fine-tuning run's metrics.jsonl, redrawn at every epoch end: the training loss, the learning rate
/// (of the head; the layers below train at their layer-decay fraction of it) and the gradient norm per step, and the
/// train and held-out top-1 per epoch (accuracy.png). A view of the log, as <see cref="TrainingPlots"/>: damaged lines are
/// skipped and a failure to draw is reported through <c>report</c>, never thrown.
/// </summary>
internal sealed class FinetunePlots(string directory, IPlotRenderer renderer, Action<string> report) : IPretrainObserver
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

    public void Refresh() => TrainingPlots.Guarded(directory, report, Draw);

    private void Draw(string path)
    {
        // Streamed, never held whole: a long run's log is hundreds of MB (see PlotSeries).
        var steps = Steps.ToDictionary(s => s.Key, _ => new PlotSeries());
        var accuracies = Accuracies.ToDictionary(a => a.Name, _ => new PlotSeries());
        foreach (var record in MetricsFile.Read(path).Where(r => !r.IsDamaged))
        {
            if (record.Type == "iter") TrainingPlots.AddSteps(record, steps);
            else if (record.Type == "monitor" && MonitorName(record) is { } name && accuracies.TryGetValue(name, out var accuracy))
                accuracy.Add(record.Numbers["epoch"], record.Numbers["epoch"] + 1, 100 * record.Numbers["value"]); // by epoch: the latest wins
        }
        foreach (var (key, title, file) in Steps)
            if (steps[key].Points() is { Count: > 0 } points) renderer.Line(Path.Combine(directory, file), title, "step", key, points);
        var series = Accuracies.Select(a => (a.Legend, accuracies[a.Name].Points())).ToList();
        if (series.Any(s => s.Item2.Count > 0))
            renderer.Lines(Path.Combine(directory, "accuracy.png"), "Top-1 accuracy (%) per epoch", "epoch", "top-1 %", series);
    }

    private static string? MonitorName(MetricsRecord record)
    {
        using var document = JsonDocument.Parse(record.Text);
        return document.RootElement.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
    }
}
