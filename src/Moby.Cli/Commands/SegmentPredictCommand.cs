using System.ComponentModel;
using Moby.Cli.Display;
using Moby.Interop;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class SegmentPredictCommand : Command<SegmentPredictCommand.Settings>
{
    public sealed class Settings : SegmentModelSettings
    {
        [CommandOption("-i|--input <DIR>")]
        [Description("A folder of images (JPEG, PNG, BMP, WebP; sub-folders too).")]
        public string Input { get; init; } = "";

        [CommandOption("-o|--output <DIR>")]
        [Description("Where the colourised masks (palette PNGs: the indices are the classes) and legend.txt go.")]
        public string Output { get; init; } = "";

        public override ValidationResult Validate() =>
            Weights.Length == 0 || Input.Length == 0 || Output.Length == 0
                ? ValidationResult.Error("--weights, --input and --output are required.")
                : base.Validate();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        int count = SegmentationRun.Predict(settings.Weights, settings.Input, settings.Output, settings.Options(), ConsoleProgress.Log);
        AnsiConsole.MarkupLineInterpolated($"[green]Done.[/] {count} masks and legend.txt in {ShownNames.Path(settings.Output)}");
        return 0;
    }
}
