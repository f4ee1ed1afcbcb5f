using Moby.Config;
using Moby.Data;
using Moby.Evaluation;
using Moby.Runs;
using Moby.Training;

namespace Moby;

/// <summary>
/// How good a backbone's features are on a labelled data set: weighted kNN, and a linear probe, each fitted on the
/// train split's features and scored on the test split (or a held-out part of the train split).
/// </summary>
public static class BackboneEvaluation
{
    /// <summary>Weighted k-nearest-neighbour classification of the features (cosine similarity).</summary>
    /// <param name="backbone">The backbone to evaluate.</param>
    /// <param name="data">A labelled data source: <c>imagefolder:/path</c> (with <c>train/</c> and <c>val/</c>),
    /// <c>fashion-mnist</c>, <c>cifar10:/path</c>, ...</param>
    /// <param name="settings">Protocol settings; null: the defaults.</param>
    /// <param name="cancellationToken">Stops the feature extraction between batches.</param>
    /// <exception cref="DataException">The data cannot be read, or has no labels.</exception>
    public static Task<EvaluationScore> KnnAsync(MobyBackbone backbone, string data, EvaluationSettings? settings = null,
                                                 CancellationToken cancellationToken = default)
    {
        var protocol = settings ?? new EvaluationSettings();
        return Task.Run(() => Score(backbone, data, protocol, cancellationToken, (train, test, classes) =>
            KnnClassifier.Evaluate(train.Features, train.Labels, test.Features, test.Labels, classes, protocol.K, protocol.Temperature)), cancellationToken);
    }

    /// <summary>A linear classifier trained on the standardised features, its learning rate and weight decay chosen on
    /// a held-out tenth of the train split.</summary>
    /// <inheritdoc cref="KnnAsync" path="/param"/>
    /// <inheritdoc cref="KnnAsync" path="/exception"/>
    public static Task<EvaluationScore> LinearAsync(MobyBackbone backbone, string data, EvaluationSettings? settings = null,
                                                    CancellationToken cancellationToken = default)
    {
        var protocol = settings ?? new EvaluationSettings();
        return Task.Run(() => Score(backbone, data, protocol, cancellationToken, (train, test, classes) =>
            LinearProbe.Fast(train.Features, train.Labels, test.Features, test.Labels, classes, epochs: protocol.LinearEpochs, seed: protocol.Seed).Test), cancellationToken);
    }

    private static EvaluationScore Score(MobyBackbone backbone, string data, EvaluationSettings protocol, CancellationToken stop,
                                         Func<LabeledFeatures, LabeledFeatures, int, ClassificationResult> classify)
    {
        var source = DataSource.Parse(data) with { Decoding = TrainingData.Decoding(ConfigTree.Defaults(), backbone.ImageSize) };
        var transform = new EvalTransformOptions { Size = backbone.ImageSize, CropRatio = backbone.CropRatio };
        var messages = new List<string>();
        using var splits = EvaluationSplits.Open(source, protocol.HoldOut);
        using var train = Extract(splits.Train);
        using var test = Extract(splits.Test);
        var result = classify(train, test, splits.Train.NumClasses);
        return new EvaluationScore(result.Top1, result.Top5, splits.Scored, messages);

        LabeledFeatures Extract(IImageDataset split) => LabeledFeatures.Extract(backbone.Module, split, transform, protocol.BatchSize,
            progress: (_, _) => stop.ThrowIfCancellationRequested(), warn: messages.Add);
    }
}
