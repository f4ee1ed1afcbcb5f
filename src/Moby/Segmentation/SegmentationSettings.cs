namespace Moby.Segmentation;

/// <summary>
/// The training recipe of a segmentation run (MOBYNET.SEG.* and the shared run keys): iteration-based, AdamW with the
/// learning rate already scaled to the batch, the poly schedule with linear warmup, and the auxiliary loss weight.
/// </summary>
internal sealed record SegmentationSettings
{
    public required int Iterations { get; init; }
    public required int BatchSize { get; init; }
    public required double Lr { get; init; }
    public required double MinLr { get; init; }
    public required double Power { get; init; }
    public required int WarmupIterations { get; init; }
    public required double WarmupRatio { get; init; }
    public required double WeightDecay { get; init; }

    /// <summary>Layer-wise learning-rate decay of the backbone (<see cref="SegmentationParameterGroups"/>); 1 = off.</summary>
    public required double LayerDecay { get; init; }
    public required double[] Betas { get; init; }
    public required double Eps { get; init; }
    public required double AuxiliaryWeight { get; init; }
    public required float[]? ClassWeights { get; init; }
    public required int Seed { get; init; }

    /// <summary>Evaluate on the validation split (and checkpoint) every this many epochs, and at the end.</summary>
    public required int EvalEvery { get; init; }
    public required double MaxMinutes { get; init; }
    /// <summary>Shorten the schedule so that it ends within <see cref="MaxMinutes"/> (MOBYNET.FIT_TO_BUDGET).</summary>
    public required bool FitToBudget { get; init; }
}
