using System.Runtime.InteropServices;
using Moby.Cli.Display;
using Moby.Distributed;
using Moby.Training;
using Spectre.Console;

namespace Moby.Cli.Commands;

/// <summary>
/// What every training command does around its run: join the mpirun world (one failed rank ends them all), turn Ctrl-C
/// and SIGTERM into a stop after the current iteration, show the live progress on rank 0, and say how the run ended.
/// </summary>
public static class TrainingSession
{
    /// <param name="run">The run, given the observer (the display on rank 0, silence elsewhere), the stop token and the world.</param>
    /// <returns>The exit code: 130 when interrupted, else 0.</returns>
    public static int Run(TrainingCommandSettings settings, int printFrequency, Func<string> directory,
                          Func<IPretrainObserver, CancellationToken, ICommunicator, RunOutcome> run, CancellationToken cancellation)
    {
        using var world = World.Join();
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            // Ctrl-C / SIGTERM: finish the current iteration, write a checkpoint, exit. A second signal kills the process.
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Interrupt(c, stop));
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Interrupt(c, stop));
            if (world.Rank != 0) // the other ranks report errors only
                return Exit(run(new Observers(), stop.Token, world));
            var progress = new ConsoleProgress(settings.Quiet, printFrequency);
            var outcome = progress.Show(() => run(progress, stop.Token, world));
            AnsiConsole.MarkupLineInterpolated(outcome switch
            {
                RunOutcome.Finished => $"[green]Done.[/] Checkpoints, metrics.jsonl and plots are in {directory()}",
                RunOutcome.TimeBudgetReached => $"[yellow]Time budget reached.[/] Run the same command again to continue from {directory()}",
                _ => $"[yellow]Interrupted.[/] Checkpoint written; run the same command again to continue from {directory()}",
            });
            return Exit(outcome);
        }
        catch (Exception e) when (world.Size > 1)
        {
            // One failed rank would leave the others waiting in a collective: report, then end them all.
            Console.Error.WriteLine($"rank {world.Rank} of {world.Size} failed:");
            world.Abort(CliErrors.Report(e));
            throw;
        }
    }

    private static int Exit(RunOutcome outcome) => outcome == RunOutcome.Interrupted ? 130 : 0;

    private static void Interrupt(PosixSignalContext context, CancellationTokenSource stop)
    {
        if (stop.IsCancellationRequested) return; // second signal: default handling terminates the process
        context.Cancel = true;
        AnsiConsole.MarkupLine("[yellow]Stopping after this iteration and writing a checkpoint (signal again to kill).[/]");
        stop.Cancel();
    }
}
