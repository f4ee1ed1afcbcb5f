using System.Text.Json;

namespace Moby.Training;

/// <summary>metrics.jsonl: one JSON object per line, per iteration ("iter"), per epoch ("epoch") and per monitor evaluation
/// ("monitor"); appended, so a resumed run continues it.</summary>
public sealed class MetricsLog : IPretrainObserver, IDisposable
{
    private readonly StreamWriter writer;

    public MetricsLog(string path)
    {
        writer = new StreamWriter(path, append: true) { AutoFlush = true };
    }

    public void Iteration(IterationMetrics m) => Write(new
    {
        type = "iter", epoch = m.Position.Epoch, batch = m.Position.Batch, step = m.Position.Step, loss = m.Loss, lr = m.Lr,
        momentum = m.Momentum, grad_norm = m.GradNorm, collapse_std = m.CollapseStd, images_per_s = m.ImagesPerSecond,
    });

    public void EpochEnded(EpochMetrics m) => Write(new
    {
        type = "epoch", epoch = m.Epoch, loss = m.MeanLoss, grad_norm = m.MeanGradNorm, images_per_s = m.ImagesPerSecond,
        seconds = m.Elapsed.TotalSeconds,
    });

    public void Monitored(MonitorMetrics m) => Write(new { type = "monitor", epoch = m.Epoch, step = m.Step, name = m.Name, value = m.Value });

    private void Write(object record) => writer.WriteLine(JsonSerializer.Serialize(record));

    public void Dispose() => writer.Dispose();
}
