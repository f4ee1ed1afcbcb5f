using Moby.Distributed;
using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>
/// How long a training run is, in optimizer steps: the configured epochs', or fewer once <see cref="ScheduleFit"/> has
/// fitted them to the time budget (MOBYNET.FIT_TO_BUDGET). The loops of pre-training and fine-tuning ask it whether
/// steps are left and tell it of every step and epoch end; their schedules follow <see cref="TotalSteps"/>. A fitted
/// length is written into the checkpoint (<see cref="Fitted"/>) and taken back by a resumed run that fits too.
/// </summary>
internal sealed class RunLength
{
    private readonly int stepsPerEpoch;
    private readonly long configured;
    private readonly double budgetMinutes;
    private readonly bool fitToBudget;
    private ScheduleFit? pending;

    /// <param name="stepsPerEpoch">Optimizer steps per epoch.</param>
    /// <param name="configuredSteps">The configured schedule's steps.</param>
    /// <param name="budgetMinutes">MOBYNET.MAX_MINUTES (0: none).</param>
    /// <param name="fitToBudget">MOBYNET.FIT_TO_BUDGET.</param>
    public RunLength(int stepsPerEpoch, long configuredSteps, double budgetMinutes, bool fitToBudget)
    {
        (this.stepsPerEpoch, configured, this.budgetMinutes, this.fitToBudget) = (stepsPerEpoch, configuredSteps, budgetMinutes, fitToBudget);
        if (fitToBudget && budgetMinutes > 0) pending = new ScheduleFit(budgetMinutes, configured);
    }

    /// <summary>The length of an epoch-based run of <paramref name="training"/>'s recipe.</summary>
    public RunLength(int stepsPerEpoch, TrainingSettings training)
        : this(stepsPerEpoch, (long)stepsPerEpoch * training.Epochs, training.MaxMinutes, training.FitToBudget) { }

    /// <summary>The length the schedule was fitted to (null: as configured).</summary>
    public long? Fitted { get; private set; }

    /// <summary>What a resumed position must fit; <paramref name="wholeEpochs"/>: see <see cref="ResumeLimits.WholeEpochs"/>.</summary>
    public ResumeLimits Limits(bool wholeEpochs) => new(stepsPerEpoch, configured, wholeEpochs);

    /// <summary>Optimizer steps of the schedule.</summary>
    public long TotalSteps => Fitted ?? configured;

    /// <summary>Epochs the schedule reaches into (the last one partly, when fitted).</summary>
    public int Epochs => (int)((TotalSteps + stepsPerEpoch - 1) / stepsPerEpoch);

    /// <summary>Whether a run at <paramref name="position"/> has steps left to train.</summary>
    public bool Left(RunPosition position) => position.Epoch < Epochs && position.Step < TotalSteps;

    /// <summary>
    /// Takes back the length a checkpoint recorded (<paramref name="fitted"/>, null: none), if this run fits its schedule too
    /// (with or without a budget of its own: a length fitted once holds for the rest of the run).
    /// </summary>
    public void Resumed(long? fitted, Action<string> message)
    {
        if (fitted is not long steps) return;
        if (!fitToBudget)
        {
            message($"The checkpoint's schedule was fitted to {steps} steps; MOBYNET.FIT_TO_BUDGET is off, so the run follows the configured {configured}.");
            return;
        }
        (Fitted, pending) = (Math.Min(steps, configured), null);
        message($"The schedule keeps the length it was fitted to: {Fitted} steps.");
    }

    /// <summary>An epoch ended (its monitor and checkpoint then count in the measured time per step).</summary>
    public void EpochEnded() => pending?.EpochEnded();

    /// <summary>
    /// After every step, at <paramref name="elapsed"/> since the session started: fits the length once it is due, the same
    /// on every rank (rank 0's measurement). Returns whether the length changed.
    /// </summary>
    public bool AfterStep(TimeSpan elapsed, long step, ICommunicator world, Action<string> message)
    {
        if (pending is null || !world.AnyRank(pending.Due(elapsed))) return false;
        var fit = pending;
        pending = null;
        using var steps = tensor(fit.Steps(elapsed, step), int64, device: CPU);
        world.Broadcast(steps);
        long fitted = steps.item<long>();
        if (fitted >= configured) return false;
        Fitted = fitted;
        message($"The schedule is fitted to the {budgetMinutes:0.##}-minute budget: {fitted} steps ({(double)fitted / stepsPerEpoch:0.##} epochs) " +
                $"instead of {configured}, at {fit.SecondsPerStep(elapsed):0.###} s per step.");
        return true;
    }
}
