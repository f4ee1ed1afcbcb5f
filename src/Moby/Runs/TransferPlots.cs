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
        var records = MetricsFile.Read(path).Where(r => !r.IsDamaged).ToList();
        var iterations = TrainingPlots.Latest(records, "iter");
        IReadOnlyList<(double X, double Y)> Points(string key) => iterations.Where(r => r.ContainsKey(key)).Select(r => (r["step"], r[key])).ToArray();
        var series = new[] { ("loss", content.LossTitle, "loss.png"), ("lr", "Learning rate", "lr.png"), ("grad_norm", "Gradient norm", "grad_norm.png") }
            .Concat(content.Measures);
        foreach (var (key, title, file) in series)
            if (Points(key) is { Count: > 0 } points) renderer.Line(Path.Combine(directory, file), title, "iteration", key, points);
        var terms = content.Terms.Select(t => (t, Points(t))).ToList();
        if (terms.Any(t => t.Item2.Count > 0)) renderer.Lines(Path.Combine(directory, "terms.png"), "Loss terms", "iteration", "loss", terms);
        var monitor = TrainingPlots.Latest(records, "monitor").Select(r => (r["step"], 100 * r["value"])).ToArray();
        if (monitor.Length > 0) renderer.Line(Path.Combine(directory, content.Monitor.File), content.Monitor.Title, "iteration", content.Monitor.Label, monitor);
    }
}
