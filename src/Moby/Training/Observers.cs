namespace Moby.Training;

/// <summary>Fans one run's events out to several observers, in order.</summary>
public sealed class Observers(params IPretrainObserver[] observers) : IPretrainObserver
{
    /// <inheritdoc/>
    public void Started(RunInfo info) { foreach (var o in observers) o.Started(info); }
    /// <inheritdoc/>
    public void Rescheduled(RunInfo info) { foreach (var o in observers) o.Rescheduled(info); }
    /// <inheritdoc/>
    public void Iteration(IterationMetrics metrics) { foreach (var o in observers) o.Iteration(metrics); }
    /// <inheritdoc/>
    public void EpochEnded(EpochMetrics metrics) { foreach (var o in observers) o.EpochEnded(metrics); }
    /// <inheritdoc/>
    public void Monitored(MonitorMetrics metrics) { foreach (var o in observers) o.Monitored(metrics); }
    /// <inheritdoc/>
    public void CheckpointSaved(string path) { foreach (var o in observers) o.CheckpointSaved(path); }
    /// <inheritdoc/>
    public void Message(string text) { foreach (var o in observers) o.Message(text); }
}
