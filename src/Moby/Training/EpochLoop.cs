namespace Moby.Training;

/// <summary>The outer loop of a training run: epochs while there are some left; an epoch that ends early (a stop request, the time budget) is checkpointed and ends the run.</summary>
internal static class EpochLoop
{
    public static RunOutcome Run(Func<bool> epochsLeft, Func<RunOutcome> epoch, Action checkpointStopped)
    {
        while (epochsLeft())
        {
            var outcome = epoch();
            if (outcome == RunOutcome.Finished) continue;
            checkpointStopped();
            return outcome;
        }
        return RunOutcome.Finished;
    }
}
