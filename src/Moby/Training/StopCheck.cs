using Moby.Distributed;

namespace Moby.Training;

/// <summary>Whether a run stops after the step it just took: a stop request (Ctrl-C, SIGTERM, a cancelled token), then the time budget; decided by all ranks together.</summary>
internal static class StopCheck
{
    /// <returns>How the run ends, or null to go on.</returns>
    public static RunOutcome? After(ICommunicator world, CancellationToken stop, TimeSpan elapsed, double maxMinutes)
    {
        if (world.AnyRank(stop.IsCancellationRequested)) return RunOutcome.Interrupted;
        if (world.AnyRank(maxMinutes > 0 && elapsed.TotalMinutes >= maxMinutes)) return RunOutcome.TimeBudgetReached;
        return null;
    }
}
