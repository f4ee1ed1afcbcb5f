using System.ComponentModel;
using Moby.Cli.Display;
using Moby.Runs;
using Moby.Segmentation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class SegmentEvalCommand : Command<SegmentEvalCommand.Settings>
{
    public sealed class Settings : SegmentModelSettings
    {
        [CommandOption("--data <SOURCE>")]
        [Description("Validation data (ade20k:/path or segfolder:/path); default: the data the checkpoint was trained on.")]
        public string? Data { get; init; }

        [CommandOption("-o|--output <DIR>")]
        [Description("Folder for eval.json and predictions/ (default: 'eval' beside the checkpoint).")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        Render(SegmentationRun.Evaluate(settings.Weights, settings.Data, settings.Output, options: settings.Options(), say: ConsoleProgress.Log));
        return 0;
    }

    /// <summary>The scores as a table: summary rows, then each class's IoU and accuracy.</summary>
    public static void Render(SegmentationScores scores)
    {
        static string Percent(double v) => double.IsNaN(v) ? "-" : (100 * v).ToString("F2", System.Globalization.CultureInfo.InvariantCulture);
        var table = new Table().AddColumns("class", "IoU %", "Acc %");
        foreach (var c in scores.PerClass) table.AddRow(Markup.Escape(c.Class), Percent(c.Iou), Percent(c.Accuracy));
        AnsiConsole.Write(table);
        AnsiConsole.WriteLine($"mIoU {Percent(scores.MeanIou)} (without class 0: {Percent(scores.MeanIouWithoutFirstClass)}), " +
                              $"mAcc {Percent(scores.MeanAccuracy)}, aAcc {Percent(scores.AllAccuracy)}");
    }
}
