using System.ComponentModel;
using Moby.Cli.Display;
using Moby.Interop;
using Moby.Reporting;
using Moby.Runs;
using Moby.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The whole story on Fashion-MNIST: pre-train, evaluate with baselines, write report.md, print the table.</summary>
public sealed class QuickstartCommand : Command<QuickstartCommand.Settings>
{
    public sealed class Settings : RunSettings
    {
        [CommandOption("-c|--config <FILE>")]
        [Description("Recipe to run.")]
        [DefaultValue(QuickstartOptions.DefaultConfig)]
        public string Config { get; init; } = QuickstartOptions.DefaultConfig;

        [CommandOption("--minutes <M>")]
        [Description("Pre-training time budget (the run stops and checkpoints when it is spent).")]
        [DefaultValue(QuickstartOptions.DefaultMinutes)]
        public double Minutes { get; init; } = QuickstartOptions.DefaultMinutes;

        [CommandOption("--epochs <N>")]
        [Description("Pre-training epochs (the schedule's length). Default: 3, which fit the 10-minute budget on 2 cores.")]
        [DefaultValue(QuickstartOptions.DefaultEpochs)]
        public int Epochs { get; init; } = QuickstartOptions.DefaultEpochs;

        [CommandOption("-o|--output <DIR>")]
        [DefaultValue(QuickstartOptions.DefaultOutput)]
        public string Output { get; init; } = QuickstartOptions.DefaultOutput;

        [CommandOption("-q|--quiet")]
        public bool Quiet { get; init; }

        public override ValidationResult Validate() => OptionRanges.Check(
            ("--epochs", Epochs, OptionRanges.Of("TRAIN.EPOCHS")), ("--minutes", Minutes, OptionRanges.Of("MOBYNET.MAX_MINUTES"))) ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var options = new QuickstartOptions { Config = s.Config, Minutes = s.Minutes, Epochs = s.Epochs, Output = s.Output, TensorBoard = s.TensorBoardFolder };
        var result = Quickstart.Run(options, new Display(s), "moby " + string.Join(' ', context.Arguments), cancellation, new PngPlots());
        AnsiConsole.Write(ResultsTable.Build(result.Results));
        AnsiConsole.MarkupLineInterpolated($"Report: [link]{ShownNames.Path(result.Report)}[/]");
        return 0;
    }

    private sealed class Display(Settings s) : IQuickstartDisplay
    {
        public void PretrainingStarted(string data) =>
            Consoles.Heading($"[bold]1/2 pre-training MoBY on {Markup.Escape(data)}[/] ({s.Minutes} min budget)");

        public RunOutcome ShowPretraining(int printFrequency, Func<IPretrainObserver, RunOutcome> pretrain)
        {
            var progress = new ConsoleProgress(s.Quiet, printFrequency);
            return progress.Show(() => pretrain(progress));
        }

        public void EvaluationStarted() =>
            Consoles.Heading("[bold]2/2 evaluation: kNN and linear, with random-init and raw-pixel baselines[/]");

        public void Log(string line) => ConsoleProgress.Log(line);
    }
}
