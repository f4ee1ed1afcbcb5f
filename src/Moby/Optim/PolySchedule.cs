namespace Moby.Optim;

/// <summary>
/// mmcv's PolyLrUpdaterHook with linear warmup, per iteration (by_epoch False) as the Swin UPerNet configs use it:
/// lr(t) = (base - min) (1 - t / T)^power + min, and during the first <see cref="WarmupSteps"/> iterations that rate
/// times 1 - (1 - t / W)(1 - warmupRatio) (<see cref="LinearWarmup"/>). Iteration t (0-based) trains with <see cref="At"/>(t).
/// </summary>
internal sealed record PolySchedule(double BaseLr, double MinLr, double Power, long WarmupSteps, double WarmupRatio, long TotalSteps)
{
    /// <summary>The same schedule over <paramref name="totalSteps"/> steps, its warmup shortened in proportion.</summary>
    public PolySchedule Over(long totalSteps) =>
        this with { WarmupSteps = LinearWarmup.Shortened(WarmupSteps, totalSteps, TotalSteps), TotalSteps = totalSteps };

    public double At(long t) =>
        LinearWarmup.Apply((BaseLr - MinLr) * Math.Pow(1 - (double)Math.Min(t, TotalSteps) / TotalSteps, Power) + MinLr, t, WarmupSteps, WarmupRatio);
}
