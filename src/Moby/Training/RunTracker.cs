using Moby.Distributed;

namespace Moby.Training;

/// <summary>
/// What every training loop (pre-training, fine-tuning, the transfer tasks) does around its own steps: at the start,
/// every rank at the same step and the observers told; after each step, the observers, the schedule fitted to the time
/// budget once that is due, and whether the run goes on (its end, a stop request, the budget); at each epoch's end, the
/// observers and the fitting's measurement.
/// </summary>
/// <param name="info">The run's length and position now (told again when the length is fitted).</param>
/// <param name="time">The clock of the time budget (null: the system's).</param>
internal sealed class RunTracker(RunLength length, ICommunicator world, IPretrainObserver observer, double maxMinutes,
                                 Func<RunInfo> info, TimeProvider? time)
{
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private long started;

    /// <summary>
    /// Trains epochs from optimizer step <paramref name="step"/> while <paramref name="epochsLeft"/>; an epoch that ends
    /// early (a stop request, the time budget) is checkpointed by <paramref name="checkpointStopped"/> and ends the run.
    /// </summary>
    public RunOutcome Run(long step, Func<bool> epochsLeft, Func<RunOutcome> epoch, Action checkpointStopped)
    {
        SameStart.Require(world, step);
        started = clock.GetTimestamp();
        observer.Started(info());
        while (epochsLeft())
        {
            var outcome = epoch();
            if (outcome == RunOutcome.Finished) continue;
            checkpointStopped();
            return outcome;
        }
        return RunOutcome.Finished;
    }

    /// <summary>A resume from <paramref name="path"/> at <paramref name="position"/>: told to the observers, and the length its checkpoint was fitted to (<paramref name="fitted"/>) taken back.</summary>
    public void Resumed(string path, RunPosition position, long? fitted)
    {
        observer.Message($"Resumed from {Interop.ShownNames.Path(path)} at epoch {position.Epoch}, step {position.Step}.");
        length.Resumed(fitted, observer.Message);
    }

    /// <summary>After an optimizer step, with <paramref name="steps"/> steps now taken in all.</summary>
    /// <returns>
    /// Null: the epoch goes on; <see cref="RunOutcome.Finished"/>: that was the run's last step (its (fitted) end is the
    /// end, even when the budget runs out on that step); otherwise how the run stops.
    /// </returns>
    public RunOutcome? AfterStep(IterationMetrics metrics, long steps, CancellationToken stop)
    {
        observer.Iteration(metrics);
        var elapsed = clock.GetElapsedTime(started);
        if (length.AfterStep(elapsed, steps, world, observer.Message)) observer.Rescheduled(info());
        if (steps >= length.TotalSteps) return RunOutcome.Finished;
        return StopCheck.After(world, stop, elapsed, maxMinutes);
    }

    /// <summary>An epoch ended with <paramref name="metrics"/> (its monitor and checkpoint still count in the fitting's time per step).</summary>
    public void EpochEnded(EpochMetrics metrics)
    {
        observer.EpochEnded(metrics);
        length.EpochEnded();
    }
}
