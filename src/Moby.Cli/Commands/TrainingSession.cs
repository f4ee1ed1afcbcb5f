using Moby.Cli.Display;
using Moby.Distributed;
using Moby.Training;

namespace Moby.Cli.Commands;

/// <summary>
/// What every training command does around its run: join the mpirun world (one failed rank ends them all), turn Ctrl-C
/// and SIGTERM into a stop after the current iteration (<see cref="SignalStop"/>), show the live progress on rank 0, and
/// say how the run ended.
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
            using var stop = new SignalStop(cancellation);
            if (world.Rank != 0) // the other ranks report errors only
                return SignalStop.ExitCode(run(new Observers(), stop.Token, world));
            var progress = new ConsoleProgress(settings.Quiet, printFrequency);
            var outcome = progress.Show(() => run(progress, stop.Token, world));
            return SignalStop.Report(outcome, directory(), "Checkpoints, metrics.jsonl and plots are in");
        }
        catch (Exception e) when (world.Size > 1)
        {
            // One failed rank would leave the others waiting in a collective: report, then end them all.
            Console.Error.WriteLine($"rank {world.Rank} of {world.Size} failed:");
            world.Abort(CliErrors.Report(e));
            throw;
        }
    }
}
