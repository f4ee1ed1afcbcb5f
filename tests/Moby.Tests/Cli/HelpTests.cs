using System.Text.RegularExpressions;
using Moby.Cli;
using Spectre.Console;
using Xunit;

namespace Moby.Tests.Cli;

/// <summary>
/// Every command and subcommand prints its help: found by walking the COMMANDS sections of the help pages from
/// <c>moby --help</c> down, so a command added later is covered too. Spectre reads option descriptions as markup,
/// so a description with an unescaped "[...]" fails here.
/// </summary>
public class HelpTests
{
    internal static (int Code, string Output) Help(IEnumerable<string> command)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 200;
        int code = MobyApp.Run([.. command, "--help"], console);
        return (code, output.ToString());
    }

    /// <summary>The names listed under COMMANDS: on a help page (none for a leaf command).</summary>
    private static IEnumerable<string> Subcommands(string help)
    {
        int start = help.IndexOf("COMMANDS:", StringComparison.Ordinal);
        if (start < 0) yield break;
        foreach (var line in help[(start + "COMMANDS:".Length)..].Split('\n').Skip(1))
        {
            var match = Regex.Match(line, @"^\s{2,}([a-z][\w-]*)\b");
            if (!match.Success) yield break;
            yield return match.Groups[1].Value;
        }
    }

    public static IEnumerable<string[]> AllCommands()
    {
        var pending = new Queue<string[]>([[]]);
        while (pending.Count > 0)
        {
            var command = pending.Dequeue();
            yield return command;
            foreach (var sub in Subcommands(Help(command).Output)) pending.Enqueue([.. command, sub]);
        }
    }

    [Fact]
    public void EveryCommandPrintsItsHelp()
    {
        var commands = AllCommands().ToList();
        Assert.Contains(commands, c => c.SequenceEqual(["features"]));
        Assert.Contains(commands, c => c.SequenceEqual(["bench", "train"]));
        Assert.True(commands.Count >= 13, "commands found: " + string.Join(", ", commands.Select(c => string.Join(' ', c))));
        var failures = commands.Select(c => (Command: string.Join(' ', c), Result: Help(c)))
            .Where(h => h.Result.Code != 0 || !h.Result.Output.Contains("USAGE:"))
            .Select(h => $"moby {h.Command} --help: exit {h.Result.Code}\n{h.Result.Output}").ToList();
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
