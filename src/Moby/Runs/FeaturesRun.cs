using Moby.Data;
using Moby.Evaluation;
using Moby.Interop;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>A backbone's pooled features (eval mode) of a tensor file or a data source split, written to safetensors (and CSV).</summary>
public static class FeaturesRun
{
    /// <returns>The shape of the features written.</returns>
    public static long[] Execute(FeaturesRequest request, Action<string>? warn = null)
    {
        using var result = request.Input.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? FromTensorFile(request)
            : FromDataSource(request, warn);
        var tensors = new Dictionary<string, Tensor> { ["features"] = result.Features };
        if (result.Labels.numel() > 0) tensors["labels"] = result.Labels;
        CheckpointFile.WriteSafetensors(request.Output, tensors);
        if (request.Csv) FeatureCsv.Write(CsvPath(request), result);
        return result.Features.shape;
    }

    private static string CsvPath(FeaturesRequest request) => Path.ChangeExtension(request.Output, ".csv");

    private static LabeledFeatures FromTensorFile(FeaturesRequest request)
    {
        using var model = BackboneLoader.Load(request.Weights, request.Model, request.Prefix);
        using var input = CheckpointFile.Read(request.Input);
        if (!input.State.TryGetValue("input", out var images))
            throw new ArgumentException($"{request.Input} has no tensor 'input' [B, C, H, W]; it holds: {string.Join(", ", input.State.Keys.Take(10))}.");
        CheckOutput(request);
        return new LabeledFeatures(FeatureExtractor.Extract(model, images, request.BatchSize), empty(0, dtype: int64, device: CPU));
    }

    private static LabeledFeatures FromDataSource(FeaturesRequest request, Action<string>? warn)
    {
        // The eval transform of evaluate/knn/linear: the checkpoint's MOBYNET.EVAL_CROP_RATIO unless the request says otherwise.
        using var target = EvaluationTarget.Open(request.Weights, request.Model, request.Input, request.CropRatio, request.Prefix);
        using var dataset = target.Source.Open(request.Split);
        CheckOutput(request);
        return LabeledFeatures.Extract(target.Backbone, dataset, target.Transform, request.BatchSize, warn: warn);
    }

    /// <summary>Once the inputs are known good (a missing weights file gets no output folder), before the extraction.</summary>
    private static void CheckOutput(FeaturesRequest request)
    {
        OutputPath.File(request.Output);
        if (request.Csv) OutputPath.File(CsvPath(request));
    }
}
