using Moby.Reporting;
using Moby.Training;

namespace Moby.Segmentation;

/// <summary>
/// PNG plots of a segmentation run's metrics.jsonl: loss, learning rate, gradient norm over
/// iterations and validation mIoU over evaluations. Redrawn after each validation (a segmentation epoch can be a
/// few seconds, drawing is not) and at the end. A view: a failure to draw is reported, never thrown.
/// </summary>
internal sealed class SegmentationPlots(string directory, Action<string> report) : IPretrainObserver
{
    private static readonly (string Key, string Title, string File)[] Series =
    [
        ("loss", "Segmentation loss (decode + 0.4 auxiliary)", "loss.png"), ("lr", "Learning rate", "lr.png"),
        ("grad_norm", "Gradient norm", "grad_norm.png"),
    ];

    public void Monitored(MonitorMetrics metrics) => Refresh();

    public void Refresh()
    {
        string path = Path.Combine(directory, MetricsLog.FileName);
        try
        {
            if (!File.Exists(path)) return;
            var records = MetricsFile.Read(path).Where(r => !r.IsDamaged).ToList();
            var iterations = records.Where(r => r.Type == "iter").Select(r => r.Numbers).ToList();
            foreach (var (key, title, file) in Series)
            {
                var points = iterations.Where(r => r.ContainsKey(key)).Select(r => (r["step"], r[key])).ToArray();
                if (points.Length > 0) LinePlot.Save(Path.Combine(directory, file), title, "iteration", key, points);
            }
            var miou = records.Where(r => r.Type == "monitor").Select(r => (r.Numbers["step"], 100 * r.Numbers["value"])).ToArray();
            if (miou.Length > 0) LinePlot.Save(Path.Combine(directory, "miou.png"), "Validation mIoU (%)", "iteration", "mIoU %", miou);
        }
        catch (Exception e) // the plots are a view of the run; no failure of theirs may cost training
        {
            report($"Could not redraw the plots from {path}: {e.Message}");
        }
    }
}
