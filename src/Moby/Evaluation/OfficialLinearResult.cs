namespace Moby.Evaluation;

/// <summary>The accuracy after every epoch of the linear protocol; the best and the last.</summary>
public sealed record OfficialLinearResult(IReadOnlyList<EpochAccuracy> PerEpoch)
{
    public EpochAccuracy Best => PerEpoch.MaxBy(e => e.Top1)!;
    public EpochAccuracy Last => PerEpoch[^1];
}
