using Moby.Training;

namespace Moby.TensorBoard;

/// <summary>
/// A pre-training run's metrics.jsonl records (<see cref="MetricsLog"/>) as TensorBoard scalars in <c>folder</c> (none when
/// null): iter/loss, iter/lr, iter/momentum, iter/grad_norm, iter/collapse_std, iter/images_per_s at every step;
/// epoch/loss, epoch/grad_norm, epoch/images_per_s, epoch/seconds and monitor/knn_top1 at the step of the epoch's last
/// iteration. So everything a run logged before its checkpoint lies before the step a resume starts at, and the resume's
/// new file (opened when the run starts) drops exactly what the killed run logged after it.
/// </summary>
internal sealed class TensorBoardObserver(string? folder, Action<string> report) : IPretrainObserver, IDisposable
{
    private TensorBoardLog? log;

    public void Started(RunInfo info) => log = folder == null ? null : new TensorBoardLog(folder, report, MetricsLog.TrainingGoesOn, info.Start.Step);

    public void Iteration(IterationMetrics m) => log?.Write(m.Position.Step, MetricsLog.Record(m));

    /// <remarks>The metrics' step counts the steps done, so the epoch's last iteration was the one before.</remarks>
    public void EpochEnded(EpochMetrics m) => log?.Write(m.Step - 1, MetricsLog.Record(m));

    public void Monitored(MonitorMetrics m) => log?.Write(m.Step - 1, MetricsLog.Record(m));

    public void Dispose() => log?.Dispose();
}
