namespace Moby.Evaluation;

/// <summary>The accuracy after every epoch of the linear protocol; the best and the last.</summary>
/// <param name="PerEpoch">The accuracy after each epoch, in order.</param>
public sealed record OfficialLinearResult(IReadOnlyList<EpochAccuracy> PerEpoch)
{
    /// <summary>The epoch with the highest top-1 accuracy (the paper reports this one).</summary>
    public EpochAccuracy Best => PerEpoch.MaxBy(e => e.Top1)!;
    /// <summary>The accuracy after the last epoch.</summary>
    public EpochAccuracy Last => PerEpoch[^1];
}
