using System.Diagnostics;
using System.Text.Json;
using Moby.Backbones;
using Moby.Data;
using Moby.Reporting;
using static TorchSharp.torch;

namespace Moby.Evaluation;

public sealed record EvaluationOptions
{
    public int K { get; init; } = 20;
    public double Temperature { get; init; } = 0.07;
    public bool Knn { get; init; } = true;
    public bool Linear { get; init; } = true;
    public int LinearEpochs { get; init; } = 60;
    public int BatchSize { get; init; } = 256;
    public int Workers { get; init; }
    public int Seed { get; init; }
    /// <summary>0: fit on the train split, score on the test split. Else score on this fraction of the train split (evenly
    /// spread) and fit on the rest, so recipes can be tuned without touching the test split.</summary>
    public double HoldOut { get; init; }
}

public sealed record MethodResult(string Method, double? KnnTop1, double? KnnTop5, double? LinearTop1, double? LinearTop5,
                                  ProbeSettings? LinearSettings, double Seconds);

/// <summary>A representation to evaluate: a backbone, or null for the raw-pixel baseline.</summary>
public sealed record Method(string Name, Backbone? Model);

/// <summary>
/// kNN and fast linear evaluation of several representations on one labelled data set (train split to fit, test split
/// to score), written to <c>metrics.json</c>, with the confusion matrix and a PCA map of the first method's test embeddings.
/// </summary>
public static class EvaluationSuite
{
    public static IReadOnlyList<MethodResult> Run(IReadOnlyList<Method> methods, DataSource source, EvalTransformOptions transform,
                                                  EvaluationOptions options, string outputDir, Action<string>? log = null)
    {
        Interop.OutputPath.Folder(outputDir);
        using var splits = EvaluationSplits.Open(source, options.HoldOut);
        var (train, test, scored) = (splits.Train, splits.Test, splits.Scored);
        log?.Invoke($"fit on {train.Count} train images, score on {scored}");
        var results = new List<MethodResult>();
        foreach (var method in methods)
        {
            var clock = Stopwatch.StartNew();
            log?.Invoke($"{method.Name}: extracting features");
            using var trainFeatures = LabeledFeatures.Extract(method.Model, train, transform, options.BatchSize, options.Workers, warn: log);
            using var testFeatures = LabeledFeatures.Extract(method.Model, test, transform, options.BatchSize, options.Workers, warn: log);
            var (result, predictions) = Evaluate(method.Name, trainFeatures, testFeatures, train.NumClasses, options, log, clock);
            results.Add(result);
            if (results.Count == 1) DrawFirst(method.Name, testFeatures, predictions, train.ClassNames, scored, outputDir);
        }
        File.WriteAllText(Path.Combine(outputDir, "metrics.json"), JsonSerializer.Serialize(new
        {
            data = source.ToString(), scored, image_size = transform.Size, k = options.K, temperature = options.Temperature, results,
        }, new JsonSerializerOptions { WriteIndented = true }));
        return results;
    }

    private static (MethodResult Result, long[] Predictions) Evaluate(string name, LabeledFeatures train, LabeledFeatures test, int classes, EvaluationOptions options,
                                         Action<string>? log, Stopwatch clock)
    {
        ClassificationResult? knn = options.Knn
            ? KnnClassifier.Evaluate(train.Features, train.Labels, test.Features, test.Labels, classes, options.K, options.Temperature)
            : null;
        if (knn != null) log?.Invoke($"{name}: kNN top-1 {knn.Top1:P2}");
        LinearProbeResult? linear = options.Linear
            ? LinearProbe.Fast(train.Features, train.Labels, test.Features, test.Labels, classes, epochs: options.LinearEpochs, seed: options.Seed)
            : null;
        if (linear != null) log?.Invoke($"{name}: linear top-1 {linear.Test.Top1:P2} (lr {linear.Chosen.Lr}, wd {linear.Chosen.WeightDecay})");
        var result = new MethodResult(name, knn?.Top1, knn?.Top5, linear?.Test.Top1, linear?.Test.Top5, linear?.Chosen, clock.Elapsed.TotalSeconds);
        return (result, (knn ?? linear?.Test)?.Predictions ?? []);
    }

    private static void DrawFirst(string name, LabeledFeatures test, long[] predictions, IReadOnlyList<string> classes, string scored, string outputDir)
    {
        var truth = test.Labels.to(int64).contiguous().data<long>().ToArray();
        if (predictions.Length == truth.Length)
            ConfusionPlot.Save(Path.Combine(outputDir, "confusion.png"), $"{name}: confusion on {scored}", classes, truth, predictions);
        using var scope = NewDisposeScope();
        EmbeddingPlot.Save(Path.Combine(outputDir, "embedding_pca.png"), $"{name}: embeddings of {scored} (PCA)", classes, Pca.Project(test.Features, 2), truth);
    }
}
