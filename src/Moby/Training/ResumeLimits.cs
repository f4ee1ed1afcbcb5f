using Moby.Interop;

namespace Moby.Training;

/// <summary>
/// What a resumed position must fit: the run's steps per epoch and its configured length. Every position our loops write
/// satisfies these, so a value outside them is a damaged or crafted checkpoint, or one of another configuration (a
/// batch size, accumulation or data set that changes the steps per epoch), refused before the run starts rather than
/// followed silently (a step beyond the schedule ended the run at once; an epoch ahead of its step trained on with the
/// schedule of another point).
/// </summary>
/// <param name="StepsPerEpoch">Optimizer steps per epoch of this run.</param>
/// <param name="TotalSteps">The configured schedule's steps (a fitted one is never longer).</param>
/// <param name="WholeEpochs">
/// Pre-training and fine-tuning: the schedule is whole epochs, and a schedule fitted to the time budget closes its last
/// epoch after a part of it (the position moves to the next epoch at the step where it stopped), so a step may lag behind
/// its epoch by less than an epoch for each epoch done. False: the transfer loops, whose position is always exactly
/// <c>step = epoch * StepsPerEpoch + batch</c> with <c>batch &lt; StepsPerEpoch</c>.
/// </param>
internal readonly record struct ResumeLimits(int StepsPerEpoch, long TotalSteps, bool WholeEpochs)
{
    private const string Hint = "resume with the batch size, accumulation, number of processes and data the checkpoint was written with";

    /// <summary>Epochs the configured schedule reaches into.</summary>
    public long Epochs => (TotalSteps + StepsPerEpoch - 1) / StepsPerEpoch;

    /// <summary>Refuses, naming the key, our "mobynet" position where this run's loop could not have been.</summary>
    public void Check(RunPosition position, string path)
    {
        var (epoch, batch, step) = position;
        if (batch > StepsPerEpoch || (!WholeEpochs && batch == StepsPerEpoch))
            throw new CheckpointFormatException(path, $"mobynet.batch is {batch}, but an epoch has {StepsPerEpoch} steps with this configuration ({Hint})");
        if (epoch > Epochs || (epoch == Epochs && batch > 0))
            throw new CheckpointFormatException(path, $"mobynet.epoch is {epoch} (batch {batch}), past the end of this run: {Epochs} epochs of {StepsPerEpoch} steps");
        long walked = (long)epoch * StepsPerEpoch + batch;
        // Each epoch closed early by a fitted end ran one step at least; otherwise the step is where the batches are.
        long least = WholeEpochs ? epoch + batch : walked;
        if (step < least || step > walked)
            throw new CheckpointFormatException(path, $"mobynet.step is {step}, but epoch {epoch} and batch {batch} at {StepsPerEpoch} steps per epoch " +
                                                      $"{(least == walked ? $"are step {walked}" : $"are a step from {least} to {walked}")} ({Hint})");
        if (step > TotalSteps)
            throw new CheckpointFormatException(path, $"mobynet.step is {step}, past the end of this run: {TotalSteps} steps");
    }

    /// <summary>
    /// The optimizer's step (<paramref name="key"/>) against the run's: never ahead of it (it lags only after a resume
    /// from an official checkpoint whose optimizer skipped steps). Compared as float32, the type the step is stored in.
    /// </summary>
    public static void CheckOptimizer(long optimizerStep, string key, long step, string what, string path)
    {
        if (optimizerStep > (double)(float)step)
            throw new CheckpointFormatException(path, $"{key} is {optimizerStep}, more than the {step} steps {what} ({Hint})");
    }

    /// <summary>A fitted length ends where the run stopped or later: a run never steps past its own length.</summary>
    public static void CheckFitted(long? fitted, long step, string path)
    {
        if (fitted < step)
            throw new CheckpointFormatException(path, $"mobynet.fitted_steps is {fitted}, but the run stands at step {step} (mobynet.step), past that length");
    }
}
