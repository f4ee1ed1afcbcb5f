using System.ComponentModel;
using Moby.Cli.Display;
using Moby.Data;
using Moby.Evaluation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>moby linear: the fast probe on cached features, or the paper's protocol (augmented images through the frozen backbone).</summary>
public sealed class LinearCommand : Command<LinearCommand.Settings>
{
    public sealed class Settings : EvaluateCommand.Settings
    {
        [CommandOption("--protocol <P>")]
        [Description("fast (cached features, held-out lr/wd sweep; for CPUs) or official (100 epochs of SGD on augmented images).")]
        [DefaultValue("fast")]
        public string Protocol { get; init; } = "fast";

        [CommandOption("--epochs <N>")]
        [Description("Official protocol: training epochs (paper: 100).")]
        [DefaultValue(100)]
        public int Epochs { get; init; } = 100;

        [CommandOption("-b|--batch-size <N>")]
        [Description("Official protocol: batch size (the lr scales with batch / 512).")]
        [DefaultValue(64)]
        public int BatchSize { get; init; } = 64;

        public override ValidationResult Validate() =>
            Protocol is not ("fast" or "official") ? ValidationResult.Error("--protocol must be fast or official.")
            : OptionRanges.Check(("--epochs", Epochs, OptionRanges.Of("TRAIN.EPOCHS")), ("--batch-size", BatchSize, OptionRanges.Of("DATA.BATCH_SIZE")))
              ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        string output = s.Output ?? EvaluateCommand.DefaultOutput(s.Weights);
        if (s.Protocol == "fast")
        {
            var results = EvaluateCommand.Evaluate(s.Weights, s.Model, s.Data, s.CropRatio, output,
                                                   new EvaluationOptions { Knn = false, LinearEpochs = s.LinearEpochs, HoldOut = s.HoldOut }, baselines: false);
            AnsiConsole.Write(ResultsTable.Build(results));
            return 0;
        }
        using var target = EvaluationTarget.Open(s.Weights, s.Model, s.Data, s.CropRatio);
        Moby.Interop.OutputPath.Folder(output); // once the inputs are known good (a missing weights file gets no 'eval' folder), before the work
        var source = target.Source;
        using var splits = EvaluationSplits.Open(source, s.HoldOut);
        var result = OfficialLinearProtocol.Run(target.Backbone, splits.Train, splits.Test, target.Transform, new OfficialLinearOptions { Epochs = s.Epochs, BatchSize = s.BatchSize },
            e => ConsoleProgress.Log($"epoch {e.Epoch + 1}: top-1 on {splits.Scored} {100 * e.Top1:F2} %, top-5 {100 * e.Top5:F2} %"));
        File.WriteAllText(Path.Combine(output, "linear_official.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            protocol = "official", data = source.ToString(), scored = splits.Scored, best = result.Best, last = result.Last, epochs = result.PerEpoch,
        }, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        AnsiConsole.MarkupLineInterpolated($"best top-1 {100 * result.Best.Top1:F2} % (epoch {result.Best.Epoch + 1}), last {100 * result.Last.Top1:F2} %");
        return 0;
    }
}
