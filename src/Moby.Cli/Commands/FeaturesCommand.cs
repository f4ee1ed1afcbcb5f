using System.ComponentModel;
using Moby.Data;
using Moby.Interop;
using Moby.Runs;
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
        [DefaultValue(FeaturesRequest.DefaultBatchSize)]
        public int BatchSize { get; init; } = FeaturesRequest.DefaultBatchSize;

        public override ValidationResult Validate() =>
            Weights.Length == 0 ? ValidationResult.Error("--weights is required.")
            : Input.Length == 0 ? ValidationResult.Error("--input is required.")
            : OptionRanges.Check(("--batch-size", BatchSize, OptionRanges.Of("DATA.BATCH_SIZE")), ("--crop-ratio", CropRatio, OptionRanges.Of("MOBYNET.EVAL_CROP_RATIO")))
              ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        if (!Enum.TryParse<DataSplit>(settings.Split, ignoreCase: true, out var split))
            throw new ArgumentException($"--split: expected train, test or unlabeled, got '{ShownNames.One(settings.Split)}'.");
        var shape = FeaturesRun.Execute(new FeaturesRequest
        {
            Weights = settings.Weights, Model = settings.Model, Prefix = settings.Prefix, Input = settings.Input, Split = split,
            CropRatio = settings.CropRatio, Output = settings.Output, Csv = settings.Csv, BatchSize = settings.BatchSize,
        }, warn: line => CliErrors.Errors.MarkupLineInterpolated($"[yellow]warning:[/] {ShownNames.Line(line)}"));
        AnsiConsole.MarkupLineInterpolated($"Wrote features [[{string.Join(", ", shape)}]] to {ShownNames.Path(settings.Output)}");
        return 0;
    }
}
