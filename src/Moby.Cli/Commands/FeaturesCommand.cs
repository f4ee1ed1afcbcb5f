using System.ComponentModel;
using Moby.Evaluation;
using Moby.Interop;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class FeaturesCommand : Command<FeaturesCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("-w|--weights <FILE>")]
        [Description("Checkpoint with the backbone weights (MoBY .pth, timm/Swin state_dict, safetensors).")]
        public string Weights { get; init; } = "";

        [CommandOption("-m|--model <PRESET_OR_YAML>")]
        [Description("Architecture: a preset (e.g. swin_tiny_patch4_window7_224) or a YAML config. Default: the config stored in the checkpoint.")]
        public string? Model { get; init; }

        [CommandOption("--prefix <PREFIX>")]
        [Description("Take the weights under this key prefix (e.g. 'model.'). Default: a MoBY checkpoint's online encoder, else all keys.")]
        public string? Prefix { get; init; }

        [CommandOption("-i|--input <PATH>")]
        [Description("Images: a data source (fashion-mnist, cifar10:/path, imagefolder:/path, folder:/path, ...) or a .safetensors file holding a normalised tensor 'input' [[B, C, H, W]].")]
        public string Input { get; init; } = "";

        [CommandOption("--split <SPLIT>")]
        [Description("Data source split: train, test or unlabeled.")]
        [DefaultValue("test")]
        public string Split { get; init; } = "test";

        [CommandOption("--crop-ratio <R>")]
        [Description("Eval transform for data sources: resize the shorter side to size / R, then centre crop. Default: the checkpoint's MOBYNET.EVAL_CROP_RATIO, else 0.875.")]
        public double? CropRatio { get; init; }

        [CommandOption("--csv")]
        [Description("Also write FILE.csv: label, then the features, one image per line.")]
        public bool Csv { get; init; }

        [CommandOption("-o|--output <FILE>")]
        [Description("Output safetensors file; the features go under 'features' [[N, D]].")]
        public string Output { get; init; } = "features.safetensors";

        [CommandOption("-b|--batch-size <N>")]
        [Description("Images per forward pass.")]
        [DefaultValue(64)]
        public int BatchSize { get; init; } = 64;

        public override ValidationResult Validate() =>
            Weights.Length == 0 ? ValidationResult.Error("--weights is required.")
            : Input.Length == 0 ? ValidationResult.Error("--input is required.")
            : OptionRanges.Check(("--batch-size", BatchSize, OptionRanges.Of("DATA.BATCH_SIZE")), ("--crop-ratio", CropRatio, OptionRanges.Of("MOBYNET.EVAL_CROP_RATIO")))
              ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        using var result = settings.Input.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? FromTensorFile(settings)
            : FromDataSource(settings);
        var tensors = new Dictionary<string, TorchSharp.torch.Tensor> { ["features"] = result.Features };
        if (result.Labels.numel() > 0) tensors["labels"] = result.Labels;
        CheckpointFile.WriteSafetensors(settings.Output, tensors);
        if (settings.Csv) FeatureCsv.Write(Path.ChangeExtension(settings.Output, ".csv"), result);
        AnsiConsole.MarkupLineInterpolated($"Wrote features [[{string.Join(", ", result.Features.shape)}]] to {settings.Output}");
        return 0;
    }

    private static LabeledFeatures FromTensorFile(Settings settings)
    {
        using var model = BackboneLoader.Load(settings.Weights, settings.Model, settings.Prefix);
        using var input = CheckpointFile.Read(settings.Input);
        if (!input.State.TryGetValue("input", out var images))
            throw new ArgumentException($"{settings.Input} has no tensor 'input' [B, C, H, W]; it holds: {string.Join(", ", input.State.Keys.Take(10))}.");
        CheckOutput(settings);
        return new LabeledFeatures(FeatureExtractor.Extract(model, images, settings.BatchSize), TorchSharp.torch.empty(0, dtype: TorchSharp.torch.int64));
    }

    private static LabeledFeatures FromDataSource(Settings settings)
    {
        if (!Enum.TryParse<Moby.Data.DataSplit>(settings.Split, ignoreCase: true, out var split))
            throw new ArgumentException($"--split: expected train, test or unlabeled, got '{settings.Split}'.");
        // The eval transform of evaluate/knn/linear: the checkpoint's MOBYNET.EVAL_CROP_RATIO unless --crop-ratio says otherwise.
        using var target = EvaluationTarget.Open(settings.Weights, settings.Model, settings.Input, settings.CropRatio, settings.Prefix);
        using var dataset = target.Source.Open(split);
        CheckOutput(settings);
        return LabeledFeatures.Extract(target.Backbone, dataset, target.Transform, settings.BatchSize, warn: line => AnsiConsole.MarkupLineInterpolated($"[yellow]warning:[/] {line}"));
    }

    /// <summary>Once the inputs are known good (a missing weights file gets no output folder), before the extraction.</summary>
    private static void CheckOutput(Settings settings)
    {
        OutputPath.File(settings.Output);
        if (settings.Csv) OutputPath.File(Path.ChangeExtension(settings.Output, ".csv"));
    }
}
