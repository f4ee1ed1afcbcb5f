using Moby.Reporting;
using System.ComponentModel;
using Moby.Config;
using Moby.Interop;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class FinetuneCommand : Command<FinetuneCommand.Settings>
{
    public sealed class Settings : EpochTrainingSettings
    {
        protected override string DefaultConfig => "configs/finetune_swin_fmnist.yaml";

        [CommandOption("-w|--weights <FILE>")]
        [Description("Checkpoint to start from: Moby.NET or official MoBY .pth, timm/Swin state_dict, safetensors (its architecture too, unless --model).")]
        public string? Weights { get; init; }

        [CommandOption("-m|--model <PRESET_OR_YAML>")]
        [Description("Architecture: a preset or a YAML config. Default: the config stored with --weights.")]
        public string? Model { get; init; }

        [CommandOption("--labels <L>")]
        [Description("FINETUNE.LABELS: all, a percentage of each class (1%, 10%) or N-per-class; stratified, the same images for every run.")]
        public string? Labels { get; init; }

        [CommandOption("--from-scratch")]
        [Description("FINETUNE.FROM_SCRATCH: the same architecture from a random initialisation (the baseline).")]
        public bool FromScratch { get; init; }

        public override ValidationResult Validate() =>
            Weights is null && !(FromScratch && Model is not null) ? ValidationResult.Error("--weights is required (or --from-scratch with --model).")
            : Labels is not null && !Moby.Data.LabelFraction.TryParse(Labels, out _) ? ValidationResult.Error($"--labels must be {Moby.Data.LabelFraction.Expected}; got '{ShownNames.One(Labels)}'.")
            : base.Validate();

        protected override IEnumerable<string> Overrides()
        {
            foreach (var option in base.Overrides()) yield return option;
            if (Labels is not null) yield return ConfigTree.TextOption("FINETUNE.LABELS", Labels);
            if (FromScratch) yield return "FINETUNE.FROM_SCRATCH=true";
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        var tree = settings.Tree();
        var start = new FinetuneRun.Start(settings.Weights, settings.Model);
        return TrainingSession.Run(settings, PretrainRun.PrintFrequency(tree), () => FinetuneRun.OutputDirectory(tree), (observer, stop, world) =>
        {
            var result = FinetuneRun.Execute(tree, start, observer, settings.Resume, stop, world,
                                             plots: world.Rank == 0 ? new PngPlots() : null, tensorboard: settings.TensorBoardFolder);
            using (result.Model)
            {
                if (result.Test is { } test)
                    AnsiConsole.MarkupLineInterpolated($"[green]Test top-1 {100 * test.Top1:F2} %[/], top-5 {100 * test.Top5:F2} % ({result.Info.Labels} of the labels)");
                return result.Outcome;
            }
        }, cancellation);
    }
}
