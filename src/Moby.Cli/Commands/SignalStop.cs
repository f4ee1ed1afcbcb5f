using System.Runtime.InteropServices;
using Moby.Interop;
using Moby.Training;
using Spectre.Console;

namespace Moby.Cli.Commands;

/// <summary>
/// Ctrl-C / SIGTERM for a training command: the first signal asks the run to finish its current iteration and write a
/// checkpoint (<see cref="Token"/>); a second one is left to its default handling, which ends the process.
/// </summary>
internal sealed class SignalStop : IDisposable
{
    private readonly CancellationTokenSource stop;
    private readonly PosixSignalRegistration sigint, sigterm;

    public SignalStop(CancellationToken outer)
    {
        stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
    }

    public CancellationToken Token => stop.Token;

    private void Interrupt(PosixSignalContext context)
    {
        if (stop.IsCancellationRequested) return; // second signal: default handling terminates the process
        context.Cancel = true;
        AnsiConsole.MarkupLine("[yellow]Stopping after this iteration and writing a checkpoint (signal again to kill).[/]");
        stop.Cancel();
    }

    /// <summary>The last line of a training command, and its exit code (130 when interrupted).</summary>
    public static int Report(RunOutcome outcome, string directory, string done)
    {
        AnsiConsole.MarkupLineInterpolated(outcome switch
        {
            RunOutcome.Finished => $"[green]Done.[/] {done} {ShownNames.Path(directory)}",
            RunOutcome.TimeBudgetReached => $"[yellow]Time budget reached.[/] Run the same command again to continue from {ShownNames.Path(directory)}",
            _ => $"[yellow]Interrupted.[/] Checkpoint written; run the same command again to continue from {ShownNames.Path(directory)}",
        });
        return ExitCode(outcome);
    }

    /// <summary>A training command's exit code: 130 (as a shell reports SIGINT) when interrupted, else 0.</summary>
    public static int ExitCode(RunOutcome outcome) => outcome == RunOutcome.Interrupted ? 130 : 0;

    public void Dispose()
    {
        sigint.Dispose();
        sigterm.Dispose();
        stop.Dispose();
    }
}
