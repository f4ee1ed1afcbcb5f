namespace Moby.Training;

/// <summary>How a run ended: every epoch done, the time budget (MOBYNET.MAX_MINUTES) spent, or a stop request (a checkpoint is written in all three cases).</summary>
public enum RunOutcome { Finished, TimeBudgetReached, Interrupted }
