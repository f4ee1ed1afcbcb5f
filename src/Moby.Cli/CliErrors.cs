using Moby.Config;
using Moby.Interop;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli;

/// <summary>Turns failures into one clear line (the stack trace only with --verbose) and a non-zero exit code.</summary>
public static class CliErrors
{
    public static bool Verbose { get; set; }

    private static readonly Lazy<IAnsiConsole> StandardError = new(() => Display.Consoles.Create(Console.Error, Console.IsErrorRedirected));

    /// <summary>A console given to one <see cref="MobyApp.Run"/> call (tests), only for that call and what it starts.</summary>
    internal static readonly AsyncLocal<IAnsiConsole?> Override = new();

    /// <summary>Where errors and warnings go: standard error, unwrapped when it is not a terminal (see <see cref="Display.Consoles"/>).</summary>
    public static IAnsiConsole Errors => Override.Value ?? StandardError.Value;

    /// <summary>Exceptions whose message is already the whole story for a user.</summary>
    private static bool IsUserError(Exception e) => e is ConfigException or CheckpointFormatException or CheckpointMismatchException
        or OutputPathException or ArgumentException or Moby.Data.DataException or FileNotFoundException or DirectoryNotFoundException or CommandAppException or Moby.Training.TrainingDivergedException;

    private const string NativeOutOfMemory = "DefaultCPUAllocator: can't allocate memory";

    /// <summary>
    /// The message's first line: a LibTorch error carries its C++ backtrace after it (shown with --verbose). A native
    /// allocation failure gets the remedy, as sizes within every key's range can still need more memory than there is.
    /// Whatever a message holds (a name from a file or the command line no check foresaw) reaches the terminal escaped
    /// and of bounded length (<see cref="ShownNames.Line"/>).
    /// </summary>
    public static string Line(Exception e)
    {
        string line = ShownNames.Line(e.Message.Split('\n')[0].TrimEnd());
        return line.Contains(NativeOutOfMemory, StringComparison.Ordinal)
            ? $"{line} This needs more memory than the machine has: lower the batch size or the image size, or use a smaller model."
            : line;
    }

    public static int Report(Exception exception)
    {
        var e = exception is CommandRuntimeException { InnerException: { } inner } ? inner : exception;
        Errors.MarkupLineInterpolated($"[red]error:[/] {Line(e)}");
        if (Verbose) Errors.WriteException(e);
        else if (!IsUserError(e)) Errors.MarkupLine("[grey](run with --verbose for the stack trace)[/]");
        return e is CommandAppException ? 2 : 1;
    }
}
