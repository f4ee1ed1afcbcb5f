using Moby.Training;

namespace Moby;

/// <summary>Turns a run's events into <see cref="PretrainingProgress"/> reports, and keeps its messages and last loss.</summary>
internal sealed class ProgressObserver(IProgress<PretrainingProgress>? progress) : IPretrainObserver
{
    private readonly List<string> messages = [];
    private RunInfo? info;

    public IReadOnlyList<string> Messages => messages;
    public long Steps { get; private set; }
    public double? LastLoss { get; private set; }

    public void Started(RunInfo run)
    {
        info = run;
        Steps = run.Start.Step;
    }

    public void Rescheduled(RunInfo run) => info = run;

    public void Iteration(IterationMetrics metrics)
    {
        Steps = metrics.Position.Step + 1;
        LastLoss = metrics.Loss;
        progress?.Report(new PretrainingProgress(metrics.Position.Epoch, info?.Epochs ?? 0, Steps, info?.TotalSteps ?? 0,
                                                 metrics.Loss, metrics.Lr, metrics.ImagesPerSecond));
    }

    public void Message(string text) => messages.Add(text);
}
