using Moby.Backbones;
using Moby.Evaluation;
using Moby.Nn;
using Moby.TensorBoard;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// The evaluation of a checkpoint's backbone as evaluate, knn, linear (fast) and the quickstart run it: kNN and the fast
/// linear probe (<see cref="EvaluationSuite"/>), when asked with the same architecture at random initialisation and raw
/// pixels as baselines; metrics.json, given a renderer the confusion matrix and a PCA map of the checkpoint's test
/// embeddings, and, when asked, the accuracies as TensorBoard scalars.
/// </summary>
public static class EvaluationRun
{
    private const string CheckpointMethod = "MoBY";

    /// <summary>Where results go unless told: an 'eval' folder beside the weights.</summary>
    public static string DefaultOutput(string weights) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weights))!, "eval");

    /// <summary>Most points the embedding map shows: beyond a few thousand they hide each other.</summary>
    private const int MaxMapPoints = 5000;

    /// <param name="output">The results folder; null = <see cref="DefaultOutput"/>.</param>
    /// <param name="plots">Draws confusion.png and embedding_pca.png into the results folder; null: no plots.</param>
    /// <param name="tensorboard">A folder for TensorBoard event files (each method's accuracies, at step 0); empty: the results
    /// folder's 'tensorboard'; null: none.</param>
    public static IReadOnlyList<MethodResult> Execute(string weights, string? model, string? data, double? cropRatio, string? output,
                                                      EvaluationOptions options, bool baselines, Action<string>? log = null,
                                                      IPlotRenderer? plots = null, string? tensorboard = null)
    {
        output ??= DefaultOutput(weights);
        var device = ComputeDevice.Parse(options.Device, "the device");
        using var target = EvaluationTarget.Open(weights, model, data, cropRatio);
        var methods = new List<Method> { new(CheckpointMethod, OnDevice(target.Backbone, device)) };
        Backbone? random = null;
        if (baselines)
        {
            manual_seed(options.Seed);
            random = OnDevice(target.Backbone.Architecture.Create(), device);
            methods.Add(new Method("random init", random));
            methods.Add(new Method("raw pixels", null));
        }
        try
        {
            var results = EvaluationSuite.Run(methods, target.Source, target.Transform, options, output, log,
                                              evaluated: m => { if (plots != null && m.Name == CheckpointMethod) Draw(plots, m, output); });
            if (TensorBoardLog.Folder(tensorboard, output) is { } folder) WriteEvents(folder, results, log);
            return results;
        }
        finally
        {
            random?.Dispose();
        }
    }

    /// <summary>Each method's accuracies as the scalars METHOD/knn_top1, knn_top5, linear_top1, linear_top5 (those measured).</summary>
    private static void WriteEvents(string folder, IReadOnlyList<MethodResult> results, Action<string>? log)
    {
        using var events = new TensorBoardLog(folder, log ?? (_ => { }), "The results are in metrics.json.");
        foreach (var r in results)
            events.Write(0, new { type = r.Method, knn_top1 = r.KnnTop1, knn_top5 = r.KnnTop5, linear_top1 = r.LinearTop1, linear_top5 = r.LinearTop5 });
    }

    /// <summary>The backbone moved to the device (built and loaded on the CPU, as every model).</summary>
    private static Backbone OnDevice(Backbone backbone, Device device)
    {
        if (!ComputeDevice.IsCpu(device)) backbone.to(device);
        return backbone;
    }

    /// <summary>The confusion matrix (when the predictions cover the test split) and the PCA map of the test embeddings.</summary>
    private static void Draw(IPlotRenderer plots, EvaluatedMethod method, string output)
    {
        var truth = method.Test.Labels.to(int64).contiguous().data<long>().ToArray();
        if (method.Predictions.Length == truth.Length)
            plots.Confusion(Path.Combine(output, "confusion.png"), $"{method.Name}: confusion on {method.Scored}", method.Classes,
                            ConfusionMatrix.RowFractions(method.Classes.Count, truth, method.Predictions));
        using var scope = NewDisposeScope();
        int shown = Math.Min(truth.Length, MaxMapPoints);
        var xy = Pca.Project(method.Test.Features, 2).contiguous().data<float>().ToArray();
        var points = Enumerable.Range(0, shown).Select(i => ((double)xy[2 * i], (double)xy[2 * i + 1])).ToArray();
        plots.Scatter(Path.Combine(output, "embedding_pca.png"), $"{method.Name}: embeddings of {method.Scored} (PCA)", "PC 1", "PC 2",
                      method.Classes, points, truth[..shown]);
    }
}
