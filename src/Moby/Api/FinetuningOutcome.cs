namespace Moby;

/// <summary>How a fine-tuning run ended.</summary>
public enum FinetuningOutcome
{
    /// <summary>Every epoch ran, and the test split (when the data has one) was scored.</summary>
    Finished,

    /// <summary><see cref="FinetuningSettings.MaxMinutes"/> ran out first.</summary>
    TimeBudgetReached,

    /// <summary>The cancellation token stopped it after a step; the classifier is the one trained so far.</summary>
    Cancelled,
}
