using Moby.Training;

namespace Moby.Runs;

/// <summary>
/// PNG plots of a segmentation run's metrics.jsonl: loss, learning rate, gradient norm over iterations and validation
/// mIoU over evaluations, drawn by <c>renderer</c>. Redrawn after each validation (a segmentation epoch can be a few
/// seconds, drawing is not) and at the end. A view: a failure to draw is reported, never thrown.
/// </summary>
internal sealed class SegmentationPlots(string directory, IPlotRenderer renderer, Action<string> report) : IPretrainObserver
{
    private static readonly (string Key, string Title, string File)[] Series =
    [
        ("loss", "Segmentation loss (decode + 0.4 auxiliary)", "loss.png"), ("lr", "Learning rate", "lr.png"),
        ("grad_norm", "Gradient norm", "grad_norm.png"),
    ];

    public void Monitored(MonitorMetrics metrics) => Refresh();

    public void Refresh() => TrainingPlots.Guarded(directory, report, Draw);

    private void Draw(string path)
    {
        var records = MetricsFile.Read(path).Where(r => !r.IsDamaged).ToList();
        var iterations = TrainingPlots.Latest(records, "iter");
        foreach (var (key, title, file) in Series)
        {
            var points = iterations.Where(r => r.ContainsKey(key)).Select(r => (r["step"], r[key])).ToArray();
            if (points.Length > 0) renderer.Line(Path.Combine(directory, file), title, "iteration", key, points);
        }
        var miou = TrainingPlots.Latest(records, "monitor").Select(r => (r["step"], 100 * r["value"])).ToArray();
        if (miou.Length > 0) renderer.Line(Path.Combine(directory, "miou.png"), "Validation mIoU (%)", "iteration", "mIoU %", miou);
    }
}
