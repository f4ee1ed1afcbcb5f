using System.ComponentModel;
using System.Globalization;
using Moby.Cli.Display;
using Moby.Config;
using Moby.Reporting;
using Moby.Runs;
using Moby.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class SegmentTrainCommand : Command<SegmentTrainCommand.Settings>
{
    public sealed class Settings : RunSettings
    {
        [CommandOption("-w|--weights <CHECKPOINT>")]
        [Description("Pre-trained backbone: any checkpoint moby reads (MoBY pre-training, official, safetensors).")]
        public string? Weights { get; init; }

        [CommandOption("--from-scratch")]
        [Description("Random initialisation (the baseline): the architecture from --weights when given, else from the config.")]
        public bool FromScratch { get; init; }

        [CommandOption("-c|--config <FILE>")]
        [Description("YAML config (MOBYNET.SEG.* keys). Default: the Fashion-MNIST scenes recipe.")]
        [DefaultValue("configs/upernet_swin_fmnist_scenes.yaml")]
        public string Config { get; init; } = "configs/upernet_swin_fmnist_scenes.yaml";

        [CommandOption("--data <SOURCE>")]
        [Description("MOBYNET.SEG.DATA: ade20k:/path or segfolder:/path.")]
        public string? Data { get; init; }

        [CommandOption("--opt <KEY=VALUE>")]
        [Description("Override any config key, e.g. --opt MOBYNET.SEG.ITERS=500 (repeatable).")]
        public string[] Opts { get; init; } = [];

        [CommandOption("--iters <N>")]
        [Description("MOBYNET.SEG.ITERS.")]
        public int? Iters { get; init; }

        [CommandOption("--minutes <M>")]
        [Description("Stop after M minutes of training and checkpoint (resume later with the same command).")]
        public double? Minutes { get; init; }

        [CommandOption("-o|--output <DIR>")]
        [Description("OUTPUT: the run goes to OUTPUT/segment/TAG (default runs/segment/...).")]
        public string? Output { get; init; }

        [CommandOption("--tag <TAG>")]
        [Description("TAG: the run folder's name.")]
        public string? Tag { get; init; }

        [CommandOption("--resume <FILE>")]
        [Description("Resume from this checkpoint (default: the run folder's checkpoint.pth when TRAIN.AUTO_RESUME).")]
        public string? Resume { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Plain log lines instead of the live progress display.")]
        public bool Quiet { get; init; }

        public override ValidationResult Validate() => OptionRanges.Check(
            ("--iters", Iters, OptionRanges.Of("MOBYNET.SEG.ITERS")), ("--minutes", Minutes, OptionRanges.Of("MOBYNET.MAX_MINUTES"))) ?? base.Validate();

        public ConfigTree Tree()
        {
            var overrides = new List<string>();
            if (Data != null) overrides.Add(ConfigTree.TextOption("MOBYNET.SEG.DATA", Data));
            if (Iters != null) overrides.Add($"MOBYNET.SEG.ITERS={Iters}");
            if (Minutes != null) overrides.Add($"MOBYNET.MAX_MINUTES={Minutes.Value.ToString(CultureInfo.InvariantCulture)}");
            if (Output != null) overrides.Add(ConfigTree.TextOption("OUTPUT", Output));
            if (Tag != null) overrides.Add(ConfigTree.TextOption("TAG", Tag));
            if (Threads > 0) overrides.Add($"MOBYNET.THREADS={Threads}");
            return ConfigTree.Load(Config, overrides.Concat(Opts));
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        var tree = settings.Tree();
        using var stop = new SignalStop(cancellation);
        var progress = new ConsoleProgress(settings.Quiet, tree.Int("PRINT_FREQ"));
        var result = progress.Show(() => SegmentationRun.Train(tree, settings.Weights, settings.FromScratch, progress, settings.Resume, stop.Token,
                                                                   new PngPlots(), settings.TensorBoardFolder));
        if (result.Scores is { } s)
            SegmentEvalCommand.Render(s);
        return SignalStop.Report(result.Outcome, result.Directory, "Checkpoint, metrics.jsonl, plots, eval.json and predictions/ are in");
    }
}
