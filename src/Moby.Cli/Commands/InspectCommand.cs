using System.ComponentModel;
using Moby.Interop;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class InspectCommand : Command<InspectCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A .pth checkpoint (official MoBY, plain state_dict) or a .safetensors file.")]
        public string File { get; init; } = "";
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        using var checkpoint = CheckpointFile.Read(settings.File);
        foreach (var line in CheckpointInspector.Describe(checkpoint).Lines())
            AnsiConsole.WriteLine(ShownNames.Line(line)); // config values and metadata are the file's: escaped, bounded
        return 0;
    }
}
