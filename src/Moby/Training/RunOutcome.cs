namespace Moby.Training;

/// <summary>How a run ended: every epoch done, the time budget (MOBYNET.MAX_MINUTES) spent, or a stop request (a checkpoint is written in all three cases).</summary>
public enum RunOutcome
{
    /// <summary>Every epoch of the schedule is done.</summary>
    Finished,

    /// <summary>MOBYNET.MAX_MINUTES was spent; the same run started again continues from its checkpoint.</summary>
    TimeBudgetReached,

    /// <summary>Stopped on request (the cancellation token, Ctrl-C); the same run started again continues.</summary>
    Interrupted,
}
