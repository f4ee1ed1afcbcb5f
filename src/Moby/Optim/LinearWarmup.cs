namespace Moby.Optim;

/// <summary>
/// mmcv's linear warmup (LrUpdaterHook, warmup='linear'), per iteration: during the first <c>warmupSteps</c> iterations
/// the regular rate times 1 - (1 - t / W)(1 - warmupRatio), from warmupRatio x regular at t = 0 up to the regular rate.
/// </summary>
internal static class LinearWarmup
{
    public static double Apply(double regular, long t, long warmupSteps, double warmupRatio)
    {
        if (t >= warmupSteps) return regular;
        double k = (1 - (double)t / warmupSteps) * (1 - warmupRatio);
        return regular * (1 - k);
    }

    /// <summary>A warmup of <paramref name="warmupSteps"/> in a schedule of <paramref name="configuredSteps"/>, in proportion
    /// in one of <paramref name="totalSteps"/> (a schedule fitted to a time budget).</summary>
    public static long Shortened(long warmupSteps, long totalSteps, long configuredSteps) =>
        (long)Math.Round((double)warmupSteps * totalSteps / configuredSteps);
}
