namespace Moby.Optim;

/// <summary>
/// timm's CosineLRScheduler as MoBY uses it (per iteration, t_in_epochs=False, no warmup prefix, one cycle):
/// linear warmup from warmupLr to baseLr over warmupSteps, then min + (base - min)(1 + cos(pi t / T)) / 2 with t
/// counted from 0 (the cosine spans the whole run, warmup included), and minLr from T on.
/// The scheduler is stepped after each optimizer step, so iteration g trains with <see cref="ForIteration"/> = lr(g - 1).
/// </summary>
internal sealed record CosineSchedule(double BaseLr, double WarmupLr, double MinLr, long WarmupSteps, long TotalSteps)
{
    public double At(long t)
    {
        if (t < WarmupSteps) return WarmupLr + t * (BaseLr - WarmupLr) / WarmupSteps;
        if (t >= TotalSteps) return MinLr;
        return MinLr + 0.5 * (BaseLr - MinLr) * (1 + Math.Cos(Math.PI * t / TotalSteps));
    }

    /// <summary>The same schedule over <paramref name="totalSteps"/> steps, its warmup shortened in proportion.</summary>
    public CosineSchedule Over(long totalSteps) =>
        this with { WarmupSteps = LinearWarmup.Shortened(WarmupSteps, totalSteps, TotalSteps), TotalSteps = totalSteps };

    /// <summary>The rate used by 0-based global iteration g.</summary>
    public double ForIteration(long g) => At(Math.Max(g - 1, 0));
}
