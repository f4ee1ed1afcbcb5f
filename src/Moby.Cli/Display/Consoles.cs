using Spectre.Console;

namespace Moby.Cli.Display;

/// <summary>
/// The consoles the CLI writes to: results and progress on standard output, errors on standard error (so a pipe or a
/// log of the results holds no error text, and a script sees the error even when it discards the output).
/// </summary>
public static class Consoles
{
    /// <summary>
    /// The width given to output that is not a terminal. Spectre hard-wraps every line at the console's width and, with
    /// no terminal to ask, takes 80 columns (COLUMNS is not read): a one-line error or log line became several lines in a
    /// log or CI. A log has no screen to fit, so its lines are left whole; the reader wraps them if it wants.
    /// </summary>
    public const int UnwrappedWidth = 1 << 16;

    /// <summary>A console on <paramref name="writer"/>; <paramref name="redirected"/>: it is a file or pipe, not a terminal.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected) console.Profile.Width = UnwrappedWidth;
        return console;
    }

    /// <summary>A heading line: a rule across a terminal; plain bold text otherwise (a rule would run the unwrapped width).</summary>
    public static void Heading(string markup)
    {
        if (AnsiConsole.Profile.Width >= UnwrappedWidth) AnsiConsole.MarkupLine(markup);
        else AnsiConsole.Write(new Rule(markup).LeftJustified());
    }
}
