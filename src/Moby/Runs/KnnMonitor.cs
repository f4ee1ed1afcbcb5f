using Moby.Backbones;
using Moby.Data;
using Moby.Evaluation;
using Moby.Training;

namespace Moby.Runs;

/// <summary>
/// The online monitor: every N epochs, kNN top-1 of the current online encoder on two fixed, disjoint labelled subsets
/// of the train split (a memory bank and queries), so a user sees learning happen and recipes can be tuned without
/// touching the test split. The labels serve only this measurement; pre-training itself never sees them.
/// </summary>
internal sealed class KnnMonitor(Backbone encoder, IImageDataset bank, IImageDataset queries, EvalTransformOptions transform, int every,
                               IPretrainObserver report) : IPretrainObserver
{
    public const string Name = "knn_top1";

    public void EpochEnded(EpochMetrics metrics)
    {
        if ((metrics.Epoch + 1) % every != 0) return;
        try
        {
            var top1 = Measure();
            report.Monitored(new MonitorMetrics(metrics.Epoch, metrics.Step, Name, top1));
            report.Message($"epoch {metrics.Epoch + 1}: online kNN top-1 {top1:P2} ({bank.Count} bank / {queries.Count} held-out train queries)");
        }
        catch (Exception e) // the monitor is a view of the run, measured before the epoch's checkpoint is written: it may not cost it
        {
            report.Message($"epoch {metrics.Epoch + 1}: no online kNN measurement: {e.Message.Split('\n')[0].Trim()}");
        }
        finally
        {
            encoder.train();
        }
    }

    private double Measure()
    {
        using var bankFeatures = LabeledFeatures.Extract(encoder, bank, transform, warn: report.Message);
        using var queryFeatures = LabeledFeatures.Extract(encoder, queries, transform, warn: report.Message);
        return KnnClassifier.Evaluate(bankFeatures.Features, bankFeatures.Labels, queryFeatures.Features, queryFeatures.Labels, bank.NumClasses).Top1;
    }
}
