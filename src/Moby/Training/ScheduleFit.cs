namespace Moby.Training;

/// <summary>
/// Shortens a run's schedule so that it ends within its time budget (MOBYNET.FIT_TO_BUDGET with MOBYNET.MAX_MINUTES).
/// A budget that stops a cosine schedule part of the way leaves the weights of a step at a high learning rate and a low
/// target momentum; the same minutes spent on a shorter schedule end it annealed. The length is decided once, after a
/// tenth of the budget or the session's first epoch end, whichever comes first: the time per step since the session's
/// first steps (the JIT's and the allocator's warm-up) gives how many steps fit in what is left, less a small margin for
/// what the measurement did not see (later epoch ends, checkpoints). A schedule that fits already is kept; none is made
/// longer. Steps taken before the decision followed the configured schedule.
/// </summary>
internal sealed class ScheduleFit(double budgetMinutes, long configuredSteps)
{
    /// <summary>Steps of a session left out of the measurement.</summary>
    public const int WarmupSteps = 5;
    /// <summary>Steps measured at least before deciding.</summary>
    public const int MeasuredSteps = 3;
    /// <summary>The share of the budget after which the decision is due.</summary>
    public const double DecisionShare = 0.1;
    /// <summary>The share of the remaining time the fitted steps are planned to fill.</summary>
    public const double Margin = 0.97;

    private int sessionSteps;
    private TimeSpan measureFrom;
    private bool epochEnded;

    /// <summary>Records that an epoch ended (its monitor and checkpoint then fall inside the measurement).</summary>
    public void EpochEnded() => epochEnded = true;

    /// <summary>Counts a step of this session that ended at <paramref name="elapsed"/>; whether the decision is due now.</summary>
    public bool Due(TimeSpan elapsed)
    {
        if (++sessionSteps == WarmupSteps) measureFrom = elapsed;
        return sessionSteps >= WarmupSteps + MeasuredSteps && (epochEnded || elapsed.TotalMinutes >= DecisionShare * budgetMinutes);
    }

    /// <summary>The schedule's length in steps when the run stands at global step <paramref name="step"/> at <paramref name="elapsed"/>.</summary>
    public long Steps(TimeSpan elapsed, long step) => Steps(budgetMinutes * 60 - elapsed.TotalSeconds, SecondsPerStep(elapsed), step, configuredSteps);

    /// <summary>The measured time per step, once <see cref="Due"/> has said so.</summary>
    public double SecondsPerStep(TimeSpan elapsed) => (elapsed - measureFrom).TotalSeconds / Math.Max(sessionSteps - WarmupSteps, 1);

    /// <summary>
    /// The steps done plus those that fit in <paramref name="secondsLeft"/> at <paramref name="secondsPerStep"/> (less the
    /// margin), at most the configured length.
    /// </summary>
    public static long Steps(double secondsLeft, double secondsPerStep, long step, long configuredSteps)
    {
        double more = Math.Floor(Math.Max(secondsLeft, 0) * Margin / Math.Max(secondsPerStep, 1e-9));
        return more >= configuredSteps - step ? configuredSteps : Math.Max(step + (long)more, 1);
    }
}
