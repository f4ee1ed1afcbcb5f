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

    private const string NativeOutOfMemory = "DefaultCPUAllocator: can't allocate memory";

    /// <summary>
    /// The message's first line: a LibTorch error carries its C++ backtrace after it (shown with --verbose). A native
    /// allocation failure gets the remedy, as sizes within every key's range can still need more memory than there is.
    /// </summary>
    public static string Line(Exception e)
    {
        string line = e.Message.Split('\n')[0].TrimEnd();
        return line.Contains(NativeOutOfMemory, StringComparison.Ordinal)
            ? $"{line} This needs more memory than the machine has: lower the batch size or the image size, or use a smaller model."
            : line;
    }

    public static int Report(Exception exception)
    {
        var e = exception is CommandRuntimeException { InnerException: { } inner } ? inner : exception;
        AnsiConsole.MarkupLineInterpolated($"[red]error:[/] {Line(e)}");
        if (Verbose) AnsiConsole.WriteException(e);
        else if (!IsUserError(e)) AnsiConsole.MarkupLine("[grey](run with --verbose for the stack trace)[/]");
        return e is CommandAppException ? 2 : 1;
    }
}
