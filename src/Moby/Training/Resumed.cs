using Moby.Optim;
using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>What a resume checkpoint holds besides the weights, every entry checked (<see cref="ResumeEntries.Read"/>).</summary>
/// <param name="Position">Where to continue.</param>
/// <param name="Precision">The matmul precision the run trained with (null: not recorded).</param>
/// <param name="FittedSteps">The schedule's length when it was fitted to the time budget (null: as configured).</param>
/// <param name="Optimizer">The optimizer's state, to restore once the weights have loaded.</param>
internal sealed record Resumed(RunPosition Position, ScalarType? Precision, long? FittedSteps, ResumedOptimizer Optimizer)
{
    /// <summary>Copies the optimizer's state into <paramref name="optimizer"/>; returns what the trainer keeps.</summary>
    public (RunPosition Position, ScalarType? Precision, long? FittedSteps) Restore(AdamW optimizer)
    {
        Optimizer.Restore(optimizer);
        return (Position, Precision, FittedSteps);
    }
}
