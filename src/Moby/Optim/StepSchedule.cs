namespace Moby.Optim;

/// <summary>
/// mmcv's StepLrUpdaterHook by epoch with linear warmup per iteration, mmdet's 1x schedule (schedule_1x.py: policy
/// 'step', step [8, 11], warmup 'linear', warmup_iters 500, warmup_ratio 0.001): the regular rate of epoch e (0-based)
/// is base x gamma^k, k the number of <see cref="StepEpochs"/> at or below e (so with [8, 11] the ninth epoch trains at
/// a tenth, the twelfth at a hundredth), and during the first <see cref="WarmupSteps"/> iterations of the run that rate
/// times 1 - (1 - t / W)(1 - warmupRatio) (<see cref="LinearWarmup"/>). Iteration t (0-based; epoch t / stepsPerEpoch)
/// trains with <see cref="At"/>(t). A schedule fitted to a time budget is the same one with its steps (and warmup)
/// moved by the ratio of its length to the configured one (<see cref="Scale"/>), so a step may fall within an epoch.
/// </summary>
internal sealed record StepSchedule(double BaseLr, double Gamma, int[] StepEpochs, int StepsPerEpoch, long WarmupSteps, double WarmupRatio, double Scale = 1)
{
    public double At(long t) =>
        LinearWarmup.Apply(BaseLr * Math.Pow(Gamma, StepEpochs.Count(s => t >= s * (double)StepsPerEpoch * Scale)), t, WarmupSteps, WarmupRatio);

    /// <summary>The schedule of <paramref name="configuredSteps"/> steps over <paramref name="totalSteps"/> (fitted to a budget), its steps and warmup in proportion.</summary>
    public StepSchedule Over(long totalSteps, long configuredSteps) => totalSteps == configuredSteps ? this
        : this with { Scale = (double)totalSteps / configuredSteps, WarmupSteps = LinearWarmup.Shortened(WarmupSteps, totalSteps, configuredSteps) };
}
