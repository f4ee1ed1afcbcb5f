using System.ComponentModel;
using Moby.Interop;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<CHECKPOINT>")]
        [Description("A pre-training checkpoint (Moby.NET or official MoBY .pth), or a fine-tuned classifier (moby finetune).")]
        public string Checkpoint { get; init; } = "";

        [CommandOption("-o|--output <DIR>")]
        [Description("Output folder (default: beside the checkpoint).")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        foreach (var path in ExportRun.Execute(settings.Checkpoint, settings.Output)) AnsiConsole.MarkupLineInterpolated($"wrote {ShownNames.Path(path)}");
        return 0;
    }
}
