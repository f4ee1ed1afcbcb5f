using Moby.Backbones;
using Moby.Data;
using Moby.Evaluation;

namespace Moby.Training;

/// <summary>
/// The online monitor: every N epochs, kNN top-1 of the current online encoder on fixed labelled subsets (train
/// subset as the memory bank, test subset as queries), so a user sees learning happen. The labels serve only this
/// measurement; pre-training itself never sees them.
/// </summary>
public sealed class KnnMonitor(Backbone encoder, IImageDataset train, IImageDataset test, EvalTransformOptions transform, int every,
                               IPretrainObserver report) : IPretrainObserver
{
    public const string Name = "knn_top1";

    public void EpochEnded(EpochMetrics metrics)
    {
        if ((metrics.Epoch + 1) % every != 0) return;
        using var bank = LabeledFeatures.Extract(encoder, train, transform);
        using var queries = LabeledFeatures.Extract(encoder, test, transform);
        var result = KnnClassifier.Evaluate(bank.Features, bank.Labels, queries.Features, queries.Labels, train.NumClasses);
        encoder.train();
        report.Monitored(new MonitorMetrics(metrics.Epoch, metrics.Step, Name, result.Top1));
        report.Message($"epoch {metrics.Epoch + 1}: online kNN top-1 {result.Top1:P2} ({train.Count} bank / {test.Count} queries)");
    }
}
