using System.ComponentModel;
using Moby.Interop;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class ExportCommand : Command<ExportCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<CHECKPOINT>")]
        [Description("A pre-training checkpoint (Moby.NET or official MoBY .pth).")]
        public string Checkpoint { get; init; } = "";

        [CommandOption("-o|--output <DIR>")]
        [Description("Output folder (default: beside the checkpoint).")]
        public string? Output { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        foreach (var path in CheckpointExport.Write(settings.Checkpoint, settings.Output)) AnsiConsole.MarkupLineInterpolated($"wrote {path}");
        return 0;
    }
}
