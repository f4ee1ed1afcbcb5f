using System.Diagnostics;
using System.Text.Json;
using Moby.Data;

namespace Moby.Evaluation;

/// <summary>
/// kNN and fast linear evaluation of several representations on one labelled data set (train split to fit, test split
/// to score), written to <c>metrics.json</c>. Each method's test features and predictions go to <c>evaluated</c> while
/// they exist (the caller draws its plots from them).
/// </summary>
internal static class EvaluationSuite
{
    public static IReadOnlyList<MethodResult> Run(IReadOnlyList<Method> methods, DataSource source, EvalTransformOptions transform,
                                                  EvaluationOptions options, string outputDir, Action<string>? log = null,
                                                  Action<EvaluatedMethod>? evaluated = null)
    {
        using var folder = Interop.OutputFolder.Create(outputDir); // removed again if the data fails before anything is written
        using var splits = EvaluationSplits.Open(source, options.HoldOut, options.Labels);
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
            evaluated?.Invoke(new EvaluatedMethod(method.Name, testFeatures, predictions, train.ClassNames, scored));
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
}
