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
    public static long[] Execute(FeaturesRequest request, Action<string>? warn = null) => Execute(request, MemoryLimit.Current(), warn);

    /// <summary><see cref="Execute(FeaturesRequest, Action{string}?)"/> within <paramref name="memory"/> (tests give their own).</summary>
    internal static long[] Execute(FeaturesRequest request, MemoryLimit memory, Action<string>? warn = null)
    {
        using var folder = CheckOutput(request); // before the work; removed again if it fails before writing
        using var result = request.Input.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? FromTensorFile(request, memory)
            : FromDataSource(request, memory, warn);
        var tensors = new Dictionary<string, Tensor> { ["features"] = result.Features };
        if (result.Labels.numel() > 0) tensors["labels"] = result.Labels;
        CheckpointFile.WriteSafetensors(request.Output, tensors);
        if (request.Csv) FeatureCsv.Write(CsvPath(request), result);
        return result.Features.shape;
    }

    private static string CsvPath(FeaturesRequest request) => Path.ChangeExtension(request.Output, ".csv");

    /// <summary>The images of the file's tensor 'input', checked from its header and read a batch at a time (<see cref="TensorFileInput"/>).</summary>
    private static LabeledFeatures FromTensorFile(FeaturesRequest request, MemoryLimit memory)
    {
        using var model = BackboneLoader.Load(request.Weights, request.Model, request.Prefix);
        RunMemory.CheckModel(model.Architecture, request.BatchSize, EncoderRuns.Features(), limit: memory);
        using var input = TensorFileInput.Open(request.Input, model, memory);
        return new LabeledFeatures(FeatureExtractor.Extract(model, input.Count, request.BatchSize, input.Batch), empty(0, dtype: int64, device: CPU));
    }

    private static LabeledFeatures FromDataSource(FeaturesRequest request, MemoryLimit memory, Action<string>? warn)
    {
        // The eval transform of evaluate/knn/linear: the checkpoint's MOBYNET.EVAL_CROP_RATIO unless the request says otherwise.
        using var target = EvaluationTarget.Open(request.Weights, request.Model, request.Input, request.CropRatio, request.Prefix);
        RunMemory.CheckModel(target.Backbone.Architecture, request.BatchSize, EncoderRuns.Features(), limit: memory);
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
