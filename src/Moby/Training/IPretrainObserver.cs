namespace Moby.Training;

/// <summary>Receives the progress of a pre-training run (the console display, logs, tests).</summary>
public interface IPretrainObserver
{
    /// <summary>The run is about to train: its length, batch and starting point (after a resume, not the start of the schedule).</summary>
    void Started(RunInfo info) { }
    /// <summary>The schedule was shortened to fit the time budget (MOBYNET.FIT_TO_BUDGET): <paramref name="info"/> gives its new length.</summary>
    void Rescheduled(RunInfo info) { }
    /// <summary>After every optimizer step.</summary>
    void Iteration(IterationMetrics metrics) { }
    /// <summary>After every epoch, with its means.</summary>
    void EpochEnded(EpochMetrics metrics) { }
    /// <summary>A monitored measurement, such as the online kNN accuracy.</summary>
    void Monitored(MonitorMetrics metrics) { }
    /// <summary>A checkpoint file was written (atomically) at <paramref name="path"/>.</summary>
    void CheckpointSaved(string path) { }
    /// <summary>A line for the user: a warning (an image that did not decode), a note on the resume.</summary>
    void Message(string text) { }
}
