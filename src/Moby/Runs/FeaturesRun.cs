using Moby.Data;
using Moby.Evaluation;
using Moby.Interop;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>What to embed and where to: the checkpoint (and architecture), the images, the output file.</summary>
public sealed record FeaturesRequest
{
    public required string Weights { get; init; }
    /// <summary>A preset or YAML config; null = the config stored in the checkpoint.</summary>
    public string? Model { get; init; }
    /// <summary>The weights under this key prefix; null = a MoBY checkpoint's online encoder, else all keys.</summary>
    public string? Prefix { get; init; }
    /// <summary>A data source, or a .safetensors file holding a normalised tensor 'input' [B, C, H, W].</summary>
    public required string Input { get; init; }
    public DataSplit Split { get; init; } = DataSplit.Test;
    /// <summary>The eval transform for data sources; null = the checkpoint's MOBYNET.EVAL_CROP_RATIO.</summary>
    public double? CropRatio { get; init; }
    /// <summary>The safetensors file for 'features' [N, D] (and 'labels' [N] of a labelled data source).</summary>
    public required string Output { get; init; }
    /// <summary>Also the CSV beside it: label, then the features, one image per line.</summary>
    public bool Csv { get; init; }
    public int BatchSize { get; init; } = 64;
}

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
        return new LabeledFeatures(FeatureExtractor.Extract(model, images, request.BatchSize), empty(0, dtype: int64));
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
