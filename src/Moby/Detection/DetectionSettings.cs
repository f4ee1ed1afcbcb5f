namespace Moby.Detection;

/// <summary>
/// The training recipe of a detection run (MOBYNET.DET.* and the shared run keys), epoch-based as mmdet's 1x schedule:
/// AdamW with the learning rate already scaled to the global batch, linear warmup per iteration, step decay at epochs.
/// </summary>
internal sealed record DetectionSettings
{
    public required int Epochs { get; init; }
    public required int BatchSize { get; init; }
    public required double Lr { get; init; }
    public required double WeightDecay { get; init; }
    public required int WarmupIterations { get; init; }
    public required double WarmupRatio { get; init; }

    /// <summary>The epochs (0-based) from which the rate is multiplied by <see cref="Gamma"/> once more.</summary>
    public required int[] Steps { get; init; }
    public required double Gamma { get; init; }
    public required double[] Betas { get; init; }
    public required double Eps { get; init; }
    public required int Seed { get; init; }

    /// <summary>Validate (and checkpoint) every this many epochs, and at the end.</summary>
    public required int EvalEvery { get; init; }
    public required double MaxMinutes { get; init; }
    /// <summary>Shorten the schedule so that it ends within <see cref="MaxMinutes"/> (MOBYNET.FIT_TO_BUDGET).</summary>
    public required bool FitToBudget { get; init; }
}
