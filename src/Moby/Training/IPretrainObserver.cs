namespace Moby.Training;

/// <summary>Where a run stands: 0-based epoch, batch within the epoch, and the global optimizer step.</summary>
public readonly record struct RunPosition(int Epoch, int Batch, long Step);

public sealed record RunInfo(int Epochs, int StepsPerEpoch, long TotalSteps, int GlobalBatch, long Parameters, RunPosition Start, string OutputDir);

public sealed record IterationMetrics(RunPosition Position, double Loss, double Lr, double Momentum, double GradNorm, double CollapseStd, double ImagesPerSecond);

/// <summary>An evaluation during pre-training (e.g. the online kNN monitor) after an epoch.</summary>
public sealed record MonitorMetrics(int Epoch, long Step, string Name, double Value);

public sealed record EpochMetrics(int Epoch, long Step, double MeanLoss, double MeanGradNorm, double ImagesPerSecond, TimeSpan Elapsed);

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
