using System.ComponentModel;
using Moby.Cli.Display;
using Moby.Interop;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class DetectPredictCommand : Command<DetectPredictCommand.Settings>
{
    public sealed class Settings : DetectModelSettings
    {
        [CommandOption("-i|--input <DIR>")]
        [Description("A folder of images (JPEG, PNG, BMP, WebP; sub-folders too).")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--output <DIR>")]
        [Description("Where the pictures (a PNG per image: boxes, masks, class and score) and detections.json (COCO's results format) go.")]
        public string Output { get; init; } = "";

        [CommandOption("--score-thr <S>")]
        [Description("MOBYNET.DET.SCORE_THR: the lowest score drawn and written (mmdet's demo: 0.3; evaluation keeps from 0.05).")]
        [DefaultValue(0.3)]
        public double ScoreThr { get; init; } = 0.3;

        protected override IEnumerable<string> CommandOptions() => [$"MOBYNET.DET.SCORE_THR={ScoreThr.ToString(System.Globalization.CultureInfo.InvariantCulture)}"];

        public override ValidationResult Validate() =>
            Weights.Length == 0 || Input.Length == 0 || Output.Length == 0
                ? ValidationResult.Error("--weights, --input and --output are required.")
                : OptionRanges.Check(("--score-thr", ScoreThr, OptionRanges.Of("MOBYNET.DET.SCORE_THR"))) ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        int count = DetectionRun.Predict(settings.Weights, settings.Input, settings.Output, settings.Options(), ConsoleProgress.Log);
        AnsiConsole.MarkupLineInterpolated($"[green]Done.[/] {count} pictures and detections.json in {ShownNames.Path(settings.Output)}");
        return 0;
    }
}
