using Moby.Config;
using Moby.Interop;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli;

/// <summary>Turns failures into one clear line (the stack trace only with --verbose) and a non-zero exit code.</summary>
public static class CliErrors
{
    public static bool Verbose { get; set; }

    /// <summary>Exceptions whose message is already the whole story for a user.</summary>
    private static bool IsUserError(Exception e) => e is ConfigException or CheckpointFormatException or CheckpointMismatchException
        or OutputPathException or ArgumentException or Moby.Data.DataException or FileNotFoundException or DirectoryNotFoundException or CommandAppException or Moby.Training.TrainingDivergedException;

    public static int Report(Exception exception)
    {
        var e = exception is CommandRuntimeException { InnerException: { } inner } ? inner : exception;
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {e.Message}");
        if (Verbose) AnsiConsole.WriteException(e);
        else if (!IsUserError(e)) AnsiConsole.MarkupLine("[grey](run with --verbose for the stack trace)[/]");
        return e is CommandAppException ? 2 : 1;
    }
}
