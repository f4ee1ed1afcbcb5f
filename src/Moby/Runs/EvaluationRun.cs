using Moby.Backbones;
using Moby.Evaluation;
using Moby.Nn;
using TorchSharp;
using Moby.Reporting;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// The evaluation of a checkpoint's backbone as evaluate, knn, linear (fast) and the quickstart run it: kNN and the fast
/// linear probe (<see cref="EvaluationSuite"/>), when asked with the same architecture at random initialisation and raw
/// pixels as baselines; metrics.json, the confusion matrix and a PCA map of the checkpoint's test embeddings.
/// </summary>
public static class EvaluationRun
{
    public const string CheckpointMethod = "MoBY";

    /// <summary>Where results go unless told: an 'eval' folder beside the weights.</summary>
    public static string DefaultOutput(string weights) => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weights))!, "eval");

    /// <param name="output">The results folder; null = <see cref="DefaultOutput"/>.</param>
    public static IReadOnlyList<MethodResult> Execute(string weights, string? model, string? data, double? cropRatio, string? output,
                                                      EvaluationOptions options, bool baselines, Action<string>? log = null)
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
            return EvaluationSuite.Run(methods, target.Source, target.Transform, options, output, log,
                                       evaluated: m => { if (m.Name == CheckpointMethod) Draw(m, output); });
        }
        finally
        {
            random?.Dispose();
        }
    }

    /// <summary>The backbone moved to the device (built and loaded on the CPU, as every model).</summary>
    private static Backbone OnDevice(Backbone backbone, Device device)
    {
        if (!ComputeDevice.IsCpu(device)) backbone.to(device);
        return backbone;
    }

    /// <summary>The confusion matrix (when the predictions cover the test split) and the PCA map of the test embeddings.</summary>
    private static void Draw(EvaluatedMethod method, string output)
    {
        var truth = method.Test.Labels.to(int64).contiguous().data<long>().ToArray();
        if (method.Predictions.Length == truth.Length)
            ConfusionPlot.Save(Path.Combine(output, "confusion.png"), $"{method.Name}: confusion on {method.Scored}", method.Classes, truth, method.Predictions);
        using var scope = NewDisposeScope();
        EmbeddingPlot.Save(Path.Combine(output, "embedding_pca.png"), $"{method.Name}: embeddings of {method.Scored} (PCA)", method.Classes,
                           Pca.Project(method.Test.Features, 2), truth);
    }
}
