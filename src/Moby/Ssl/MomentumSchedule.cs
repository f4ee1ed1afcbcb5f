namespace Moby.Ssl;

/// <summary>
/// The target's EMA momentum, per iteration: m(k) = 1 - (1 - m0) (cos(pi k / K) + 1) / 2, rising from m0
/// at k = 0 to 1 at k = K (K = total iterations of the run).
/// </summary>
internal sealed record MomentumSchedule(double BaseMomentum, long TotalSteps)
{
    public double At(long step) =>
        1 - (1 - BaseMomentum) * (Math.Cos(Math.PI * Math.Min(step, TotalSteps) / TotalSteps) + 1) / 2;
}
