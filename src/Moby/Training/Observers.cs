namespace Moby.Training;

/// <summary>Fans one run's events out to several observers, in order.</summary>
public sealed class Observers(params IPretrainObserver[] observers) : IPretrainObserver
{
    public void Started(RunInfo info) { foreach (var o in observers) o.Started(info); }
    public void Iteration(IterationMetrics metrics) { foreach (var o in observers) o.Iteration(metrics); }
    public void EpochEnded(EpochMetrics metrics) { foreach (var o in observers) o.EpochEnded(metrics); }
    public void Monitored(MonitorMetrics metrics) { foreach (var o in observers) o.Monitored(metrics); }
    public void CheckpointSaved(string path) { foreach (var o in observers) o.CheckpointSaved(path); }
    public void Message(string text) { foreach (var o in observers) o.Message(text); }
}
