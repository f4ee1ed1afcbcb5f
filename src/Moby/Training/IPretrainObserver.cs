namespace Moby.Training;

/// <summary>Receives the progress of a pre-training run (the console display, logs, tests).</summary>
public interface IPretrainObserver
{
    void Started(RunInfo info) { }
    void Iteration(IterationMetrics metrics) { }
    void EpochEnded(EpochMetrics metrics) { }
    void Monitored(MonitorMetrics metrics) { }
    void CheckpointSaved(string path) { }
    void Message(string text) { }
}
