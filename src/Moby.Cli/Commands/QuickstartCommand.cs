using System.ComponentModel;
using System.Diagnostics;
using Moby.Cli.Display;
using Moby.Config;
using Moby.Evaluation;
using Moby.Reporting;
using Moby.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The whole story on Fashion-MNIST: pre-train, evaluate with baselines, write report.md, print the table.</summary>
public sealed class QuickstartCommand : Command<QuickstartCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("-c|--config <FILE>")]
        [Description("Recipe to run.")]
        [DefaultValue("configs/moby_swin_fmnist.yaml")]
        public string Config { get; init; } = "configs/moby_swin_fmnist.yaml";

        [CommandOption("--minutes <M>")]
        [Description("Pre-training time budget (the run stops and checkpoints when it is spent).")]
        [DefaultValue(10.0)]
        public double Minutes { get; init; } = 10;

        [CommandOption("--epochs <N>")]
        [Description("Pre-training epochs (the schedule's length). Default: 2, which fit the 10-minute budget on 2 cores.")]
        [DefaultValue(2)]
        public int Epochs { get; init; } = 2;

        [CommandOption("-o|--output <DIR>")]
        [DefaultValue("runs/quickstart")]
        public string Output { get; init; } = "runs/quickstart";

        [CommandOption("-q|--quiet")]
        public bool Quiet { get; init; }

        public override ValidationResult Validate() => OptionRanges.Check(
            ("--epochs", Epochs, OptionRanges.Of("TRAIN.EPOCHS")), ("--minutes", Minutes, OptionRanges.Of("MOBYNET.MAX_MINUTES"))) ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var overrides = new List<string>
        {
            $"TRAIN.EPOCHS={s.Epochs}", $"MOBYNET.MAX_MINUTES={s.Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            ConfigTree.TextOption("OUTPUT", s.Output), "TRAIN.AUTO_RESUME=false",
        };
        if (s.Epochs <= 2) overrides.Add("TRAIN.WARMUP_EPOCHS=0"); // a one- or two-epoch schedule cannot spend an epoch warming up
        var tree = ConfigTree.Load(s.Config, overrides);
        string run = PretrainRun.OutputDirectory(tree);
        AnsiConsole.Write(new Rule($"[bold]1/2 pre-training MoBY on {tree.String("MOBYNET.DATA")}[/] ({s.Minutes} min budget)").LeftJustified());
        var progress = new ConsoleProgress(s.Quiet, tree.Int("PRINT_FREQ"));
        var clock = Stopwatch.StartNew();
        progress.Show(() => PretrainRun.Execute(tree, progress, stop: cancellation));
        var pretraining = clock.Elapsed;

        AnsiConsole.Write(new Rule("[bold]2/2 evaluation: kNN and linear, with random-init and raw-pixel baselines[/]").LeftJustified());
        string weights = Path.Combine(run, PretrainCheckpoint.Latest), eval = EvaluateCommand.DefaultOutput(weights);
        var results = EvaluateCommand.Evaluate(weights, null, null, null, eval, new EvaluationOptions(), baselines: true);
        string command = "moby " + string.Join(' ', context.Arguments);
        string report = RunReport.Write(run, eval, results, command, pretraining, tree.String("MOBYNET.DATA"));
        AnsiConsole.Write(ResultsTable.Build(results));
        AnsiConsole.MarkupLineInterpolated($"Report: [link]{report}[/]");
        return 0;
    }
}
