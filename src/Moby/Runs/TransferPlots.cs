using Moby.Training;

namespace Moby.Runs;

/// <summary>
/// PNG plots of a transfer run's metrics.jsonl (segment train, detect train), drawn by <c>renderer</c>: the loss, its
/// terms on one chart when it has several (terms.png), the learning rate and the gradient norm over iterations, any
/// further per-iteration measurements, and the validation's metric over evaluations. Redrawn after each validation
/// (an epoch can be a few seconds, drawing is not) and at the end. A view: a failure to draw is reported, never thrown.
/// </summary>
internal sealed class TransferPlots(string directory, IPlotRenderer renderer, Action<string> report, TransferPlots.Content content) : IPretrainObserver
{
    /// <param name="LossTitle">The loss chart's title.</param>
    /// <param name="Terms">The loss's terms drawn together on terms.png (none: no such chart).</param>
    /// <param name="Measures">Further per-iteration series: metrics.jsonl key, title, file.</param>
    /// <param name="Monitor">The validation metric's chart: title, axis label, file (values x 100).</param>
    internal sealed record Content(string LossTitle, string[] Terms, (string Key, string Title, string File)[] Measures,
                                   (string Title, string Label, string File) Monitor);

    public static readonly Content Segmentation = new("Segmentation loss (decode + 0.4 auxiliary)", [], [], ("Validation mIoU (%)", "mIoU %", "miou.png"));

    public static readonly Content Detection = new("Mask R-CNN loss (sum of the five terms)",
        ["loss_rpn_cls", "loss_rpn_bbox", "loss_cls", "loss_bbox", "loss_mask"], [("acc", "Box head accuracy on the sampled RoIs (%)", "acc.png")],
        ("Validation box AP (%)", "bbox AP %", "bbox_ap.png"));

    public void Monitored(MonitorMetrics metrics) => Refresh();

    public void Refresh() => TrainingPlots.Guarded(directory, report, Draw);

    private void Draw(string path)
    {
        var charts = new[] { ("loss", content.LossTitle, "loss.png"), ("lr", "Learning rate", "lr.png"), ("grad_norm", "Gradient norm", "grad_norm.png") }
            .Concat(content.Measures).ToArray();
        // Streamed, never held whole: a long run's log is hundreds of MB (see PlotSeries).
        var series = charts.Select(c => c.Item1).Concat(content.Terms).Distinct().ToDictionary(key => key, _ => new PlotSeries());
        var monitor = new PlotSeries();
        foreach (var record in MetricsFile.Read(path).Where(r => !r.IsDamaged))
        {
            if (record.Type == "iter") TrainingPlots.AddSteps(record, series);
            else if (record.Type == "monitor") monitor.Add(record.Numbers["step"], record.Numbers["step"], 100 * record.Numbers["value"]);
        }
        foreach (var (key, title, file) in charts)
            if (series[key].Points() is { Count: > 0 } points) renderer.Line(Path.Combine(directory, file), title, "iteration", key, points);
        var terms = content.Terms.Select(t => (t, series[t].Points())).ToList();
        if (terms.Any(t => t.Item2.Count > 0)) renderer.Lines(Path.Combine(directory, "terms.png"), "Loss terms", "iteration", "loss", terms);
        if (monitor.Points() is { Count: > 0 } validation)
            renderer.Line(Path.Combine(directory, content.Monitor.File), content.Monitor.Title, "iteration", content.Monitor.Label, validation);
    }
}
