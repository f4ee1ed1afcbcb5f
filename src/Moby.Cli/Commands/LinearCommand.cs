using System.ComponentModel;
using Moby.Cli.Display;
using Moby.Evaluation;
using Moby.Reporting;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>moby linear: the fast probe on cached features, or the paper's protocol (augmented images through the frozen backbone).</summary>
public sealed class LinearCommand : Command<LinearCommand.Settings>
{
    public sealed class Settings : EvaluationCommandSettings
    {
        [CommandOption("--protocol <P>")]
        [Description("fast (cached features, held-out lr/wd sweep; for CPUs) or official (100 epochs of SGD on augmented images).")]
        [DefaultValue("fast")]
        public string Protocol { get; init; } = "fast";

        [CommandOption("--epochs <N>")]
        [Description("Official protocol: training epochs (paper: 100).")]
        [DefaultValue(OfficialLinearOptions.DefaultEpochs)]
        public int Epochs { get; init; } = OfficialLinearOptions.DefaultEpochs;

        [CommandOption("-b|--batch-size <N>")]
        [Description("Official protocol: batch size (the lr scales with batch / 512).")]
        [DefaultValue(OfficialLinearOptions.DefaultBatchSize)]
        public int BatchSize { get; init; } = OfficialLinearOptions.DefaultBatchSize;

        public override ValidationResult Validate() =>
            Protocol is not ("fast" or "official") ? ValidationResult.Error("--protocol must be fast or official.")
            : Protocol == "official" && Device != "cpu" ? ValidationResult.Error("--protocol official runs on the CPU only; leave --device out or use --protocol fast.")
            : OptionRanges.Check(("--epochs", Epochs, OptionRanges.Of("TRAIN.EPOCHS")), ("--batch-size", BatchSize, OptionRanges.Of("DATA.BATCH_SIZE")))
              ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        if (s.Protocol == "fast")
        {
            var options = s.Options() with { Knn = false };
            AnsiConsole.Write(ResultsTable.Build(EvaluationRun.Execute(s.Weights, s.Model, s.Data, s.CropRatio, s.Output, options, baselines: false, ConsoleProgress.Log,
                                                                    new PngPlots(), s.TensorBoardFolder)));
            return 0;
        }
        var result = OfficialLinearRun.Execute(s.Weights, s.Model, s.Data, s.CropRatio, s.Output, s.HoldOut,
                                               new OfficialLinearOptions { Epochs = s.Epochs, BatchSize = s.BatchSize }, ConsoleProgress.Log, s.TensorBoardFolder);
        AnsiConsole.MarkupLineInterpolated($"best top-1 {100 * result.Best.Top1:F2} % (epoch {result.Best.Epoch + 1}), last {100 * result.Last.Top1:F2} %");
        return 0;
    }
}
