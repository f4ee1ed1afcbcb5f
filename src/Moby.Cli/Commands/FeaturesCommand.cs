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
        [Description("Images: a safetensors file holding a normalised tensor 'input' [B, C, H, W].")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--output <FILE>")]
        [Description("Output safetensors file; the features go under 'features' [N, D].")]
        public string Output { get; init; } = "features.safetensors";

        [CommandOption("-b|--batch-size <N>")]
        [Description("Images per forward pass.")]
        [DefaultValue(64)]
        public int BatchSize { get; init; } = 64;

        public override ValidationResult Validate() =>
            Weights.Length == 0 ? ValidationResult.Error("--weights is required.")
            : Input.Length == 0 ? ValidationResult.Error("--input is required.")
            : BatchSize <= 0 ? ValidationResult.Error("--batch-size must be positive.")
            : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        using var model = BackboneLoader.Load(settings.Weights, settings.Model, settings.Prefix);
        using var input = CheckpointFile.Read(settings.Input);
        if (!input.State.TryGetValue("input", out var images))
            throw new ArgumentException($"{settings.Input} has no tensor 'input' [B, C, H, W]; it holds: {string.Join(", ", input.State.Keys.Take(10))}.");
        using var features = FeatureExtractor.Extract(model, images, settings.BatchSize);
        CheckpointFile.WriteSafetensors(settings.Output, new Dictionary<string, TorchSharp.torch.Tensor> { ["features"] = features });
        AnsiConsole.MarkupLineInterpolated($"Wrote features [[{string.Join(", ", features.shape)}]] to {settings.Output}");
        return 0;
    }
}
