using Moby.Backbones;
using Moby.Config.Memory;
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
        using var folder = CheckOutput(request); // before the work; removed again if it fails before writing
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
        RunMemory.CheckModel(model.Architecture, request.BatchSize, EncoderRuns.Features());
        using var input = CheckpointFile.Read(request.Input);
        if (!input.State.TryGetValue("input", out var images))
            throw new ArgumentException($"{ShownNames.Path(request.Input)} has no tensor 'input' [B, C, H, W]; it holds: {string.Join(", ", input.State.Keys.Take(10))}.");
        CheckImages(images, model, request.Input);
        // The model's weights are float32; F16, BF16 or F64 images would stop LibTorch at the first layer.
        using var converted = images.dtype == ScalarType.Float32 ? null : images.to(ScalarType.Float32);
        return new LabeledFeatures(FeatureExtractor.Extract(model, converted ?? images, request.BatchSize), empty(0, dtype: int64, device: CPU));
    }

    /// <summary>
    /// The file's 'input' tensor is whatever its author put there: checked before the first forward pass so
    /// that an empty batch, integer or bool pixels or the wrong number of channels is one line naming the file,
    /// not LibTorch's "expected scalar type Long but found Float" (or an empty cat's "tensors").
    /// </summary>
    private static void CheckImages(Tensor images, Backbone model, string path)
    {
        var expected = $"expected floating-point images [N, {model.InChans}, {model.ImageSize}, {model.ImageSize}] with N >= 1";
        var shape = $"[{string.Join(", ", images.shape)}]";
        var problem = !images.is_floating_point() ? $"holds {images.dtype} values"
            : images.dim() != 4 ? $"has shape {shape}"
            : images.shape[0] == 0 ? $"has shape {shape}, no images"
            : images.shape[1] != model.InChans ? $"has shape {shape}, {images.shape[1]} channels"
            : images.shape[2] != model.ImageSize || images.shape[3] != model.ImageSize ? $"has shape {shape}, images of {images.shape[2]} x {images.shape[3]}"
            : null;
        if (problem is not null)
            throw new ArgumentException($"{ShownNames.Path(path)}: tensor 'input' {problem}; {expected}.");
    }

    private static LabeledFeatures FromDataSource(FeaturesRequest request, Action<string>? warn)
    {
        // The eval transform of evaluate/knn/linear: the checkpoint's MOBYNET.EVAL_CROP_RATIO unless the request says otherwise.
        using var target = EvaluationTarget.Open(request.Weights, request.Model, request.Input, request.CropRatio, request.Prefix);
        RunMemory.CheckModel(target.Backbone.Architecture, request.BatchSize, EncoderRuns.Features());
        using var dataset = target.Source.Open(request.Split);
        return LabeledFeatures.Extract(target.Backbone, dataset, target.Transform, request.BatchSize, warn: warn);
    }

    /// <summary>The files' folder (the CSV goes beside the safetensors file), made and checked before the extraction.</summary>
    private static OutputFolder CheckOutput(FeaturesRequest request)
    {
        if (request.Csv) OutputPath.FileFolder(CsvPath(request));
        return OutputFolder.ForFile(request.Output);
    }
}
