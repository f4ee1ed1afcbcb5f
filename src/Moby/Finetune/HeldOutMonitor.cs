using Moby.Data;
using Moby.Training;

namespace Moby.Finetune;

/// <summary>
/// After every <paramref name="every"/>-th epoch and the last one, the top-1 accuracy on the fixed held-out train images (<see cref="LabelledSplit"/>), as a monitor
/// record for the plots. It is logged, never used to choose anything: the run keeps a fixed schedule and its last checkpoint.
/// Short label fractions run many short epochs, so the measurement can be thinned out (FINETUNE.HELD_OUT_EVERY).
/// </summary>
internal sealed class HeldOutMonitor(Classifier model, IImageDataset heldOut, EvalTransformOptions transform, IPretrainObserver report, int workers,
                                     int every)
    : IPretrainObserver
{
    public const string Name = "held_out_top1";

    /// <summary>The run's epochs, as it starts and when its schedule is fitted to the time budget.</summary>
    private int epochs;

    public void Started(RunInfo info) => epochs = info.Epochs;

    public void Rescheduled(RunInfo info) => epochs = info.Epochs;

    public void EpochEnded(EpochMetrics metrics)
    {
        if (!EpochCadence.Due(metrics.Epoch, every, epochs)) return;
        try
        {
            double top1 = ClassifierScores.Evaluate(model, heldOut, transform, workers: workers, warn: report.Message).Top1;
            report.Monitored(new MonitorMetrics(metrics.Epoch, metrics.Step, Name, top1));
            report.Message($"epoch {metrics.Epoch + 1}: held-out top-1 {top1:P2} ({heldOut.Count} train images outside the labelled ones)");
        }
        catch (Exception e) when (e is DataException or IOException) // a view of the run, measured before the epoch's checkpoint: it may not cost it
        {
            report.Message($"epoch {metrics.Epoch + 1}: no held-out measurement: {e.Message.Split('\n')[0].Trim()}");
        }
    }
}
