namespace Moby;

/// <summary>How a pre-training run ended.</summary>
public enum PretrainingOutcome
{
    /// <summary>Every epoch ran.</summary>
    Finished,

    /// <summary><see cref="PretrainingSettings.MaxMinutes"/> ran out first.</summary>
    TimeBudgetReached,

    /// <summary>The cancellation token stopped it after a step; the backbone is the one trained so far.</summary>
    Cancelled,
}
