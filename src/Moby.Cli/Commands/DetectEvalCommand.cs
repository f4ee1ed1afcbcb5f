using System.ComponentModel;
using System.Globalization;
using Moby.Cli.Display;
using Moby.Config;
using Moby.Detection;
using Moby.Detection.Evaluation;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class DetectEvalCommand : Command<DetectEvalCommand.Settings>
{
    public sealed class Settings : DetectModelSettings
    {
        [CommandOption("--data <SOURCE>")]
        [Description("Validation data (coco:/images,/instances.json, or coco:/folder for its validation split); default: the data the checkpoint was trained on.")]
        public string? Data { get; init; }

        [CommandOption("-o|--output <DIR>")]
        [Description("Folder for eval.json and predictions/ (default: 'eval' beside the checkpoint).")]
        public string? Output { get; init; }

        [CommandOption("--pictures <N>")]
        [Description("Validation images drawn into predictions/: ground truth beside the detections scoring at least 0.3.")]
        [DefaultValue(8)]
        public int Pictures { get; init; } = 8;

        public override ValidationResult Validate() =>
            OptionRanges.Check(("--pictures", Pictures, ValueRange.Between(0, 100_000))) ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        Render(DetectionRun.Evaluate(settings.Weights, settings.Data, settings.Output, settings.Pictures, settings.Options(), ConsoleProgress.Log));
        return 0;
    }

    /// <summary>COCO's twelve numbers for boxes and masks, then each class's AP (in %; '-' where the split has no ground truth).</summary>
    public static void Render(DetectionScores scores)
    {
        static string Percent(double v) => double.IsNaN(v) || v < 0 ? "-" : (100 * v).ToString("F1", CultureInfo.InvariantCulture);
        var summary = new Table().AddColumns("COCO", "what", "bbox %", "segm %");
        var box = scores.Box.Stats;
        var mask = scores.Mask.Stats;
        for (int i = 0; i < box.Length; i++) summary.AddRow(CocoScores.StatNames[i], Markup.Escape(Meaning[i]), Percent(box[i]), Percent(mask[i]));
        AnsiConsole.Write(summary);
        var classes = new Table().AddColumns("class", "bbox AP %", "segm AP %");
        foreach (var c in scores.PerClass) classes.AddRow(Markup.Escape(c.Class), Percent(c.BoxAp), Percent(c.MaskAp));
        AnsiConsole.Write(classes);
        AnsiConsole.WriteLine($"box AP {Percent(scores.Box.Ap)}, mask AP {Percent(scores.Mask.Ap)}");
    }

    /// <summary>COCOeval's summary lines, shortened.</summary>
    private static readonly string[] Meaning =
    [
        "IoU .50:.95, all areas, 100 dets", "IoU .50", "IoU .75", "small (< 32²)", "medium (32² to 96²)", "large (> 96²)",
        "1 det per image and class", "10 dets", "100 dets", "small, 100 dets", "medium, 100 dets", "large, 100 dets",
    ];
}
