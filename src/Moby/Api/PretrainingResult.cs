namespace Moby;

/// <summary>A finished (or stopped) pre-training run: the trained backbone, and what happened.</summary>
public sealed class PretrainingResult : IDisposable
{
    internal PretrainingResult(PretrainingOutcome outcome, MobyBackbone backbone, long steps, double? lastLoss, string? checkpoint, IReadOnlyList<string> messages)
    {
        (Outcome, Backbone, Steps, LastLoss, CheckpointPath, Messages) = (outcome, backbone, steps, lastLoss, checkpoint, messages);
    }

    /// <summary>How the run ended.</summary>
    public PretrainingOutcome Outcome { get; }

    /// <summary>The online encoder, the backbone MoBY trains (owned by this result: disposed with it).</summary>
    public MobyBackbone Backbone { get; }

    /// <summary>Optimizer steps done, from the run's start.</summary>
    public long Steps { get; }

    /// <summary>The loss of the last step; null if no step ran.</summary>
    public double? LastLoss { get; }

    /// <summary>The latest checkpoint, when the run had an output folder; null otherwise.</summary>
    public string? CheckpointPath { get; }

    /// <summary>What the run reported besides progress (skipped images, resuming), in order.</summary>
    public IReadOnlyList<string> Messages { get; }

    /// <summary>Frees the backbone.</summary>
    public void Dispose() => Backbone.Dispose();
}
