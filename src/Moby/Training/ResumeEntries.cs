using Moby.Interop;
using Moby.Optim;
using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>
/// The entries of a checkpoint that resuming reads besides the weights: the optimizer's per-parameter state
/// (<see cref="ResumedOptimizer"/>), the position (our "mobynet" entry, or the official "epoch"), the precision and a fitted
/// length. A resume file may be damaged or crafted, so every value is checked, alone and against the others and the run
/// (<see cref="ResumeLimits"/>), before anything is restored: one <see cref="CheckpointFormatException"/> naming the file
/// and the key, never a cast error, an overflow, a tensor of another shape copied into the optimizer, or a position the
/// run's loop could not have reached.
/// </summary>
internal static class ResumeEntries
{
    /// <summary>
    /// Every entry of <paramref name="checkpoint"/> a resume restores besides the weights, checked; the optimizer not restored
    /// yet. The loaders load the weights first, so that a checkpoint of another model is named by its weights' mismatch.
    /// </summary>
    public static Resumed Read(Checkpoint checkpoint, AdamW optimizer, ResumeLimits limits)
    {
        var (precision, fitted) = (Precision(checkpoint), FittedSteps(checkpoint));
        var saved = ResumedOptimizer.Read(checkpoint.Optimizer, optimizer, checkpoint.Path);
        var position = Position(checkpoint, saved, limits);
        ResumeLimits.CheckFitted(fitted, position.Step, checkpoint.Path);
        return new Resumed(position, precision, fitted, saved);
    }

    /// <summary>
    /// Where to continue. Our "mobynet" entry gives the epoch, the batch within it and the global step; an official
    /// checkpoint (no such entry) resumes at the start of the epoch after its "epoch", with the momentum counter too.
    /// </summary>
    private static RunPosition Position(Checkpoint checkpoint, ResumedOptimizer optimizer, ResumeLimits limits)
    {
        string path = checkpoint.Path;
        if (!checkpoint.Extra.TryGetValue("mobynet", out var entry))
        {
            int next = OfficialEpoch(checkpoint.EpochEntry, path) + 1;
            if (next > limits.Epochs)
                throw new CheckpointFormatException(path, $"epoch is {next - 1}, past the end of this run: {limits.Epochs} epochs of {limits.StepsPerEpoch} steps");
            long done = (long)next * limits.StepsPerEpoch;
            ResumeLimits.CheckOptimizer(optimizer.Step, optimizer.StepKey, done, $"of the {next} epochs done (epoch is {next - 1}) at {limits.StepsPerEpoch} steps per epoch", path);
            return new RunPosition(next, 0, done);
        }
        if (entry is not IReadOnlyDictionary<string, object?> ours)
            throw new CheckpointFormatException(path, $"mobynet is {PythonValues.Describe(entry)}, expected a dict of epoch, batch and step");
        var position = new RunPosition((int)Integer(ours, "epoch", 0, int.MaxValue, path), (int)Integer(ours, "batch", 0, int.MaxValue, path),
                                       Integer(ours, "step", 0, ResumedOptimizer.MaxStep, path));
        limits.Check(position, path);
        ResumeLimits.CheckOptimizer(optimizer.Step, optimizer.StepKey, position.Step, "of the run (mobynet.step)", path);
        return position;
    }

    /// <summary>
    /// The official "epoch" (the last finished one; none: -1). A present value that is not an integer, or one whose next
    /// epoch is beyond int, is refused: read as "none" it silently restarted the run at epoch 0.
    /// </summary>
    private static int OfficialEpoch(object? value, string path) => value switch
    {
        null => -1,
        int i when i is >= -1 and < int.MaxValue => i,
        long l when l is >= -1 and < int.MaxValue => (int)l,
        _ => throw new CheckpointFormatException(path, $"epoch is {(value is int or long or double or System.Numerics.BigInteger ? value : PythonValues.Describe(value))}, " +
                                                       $"expected the last finished epoch: an integer from -1 to {int.MaxValue - 1}"),
    };

    /// <summary>The schedule's length our "mobynet" entry records when the run fitted it to its time budget (null: it did not).</summary>
    private static long? FittedSteps(Checkpoint checkpoint)
    {
        if (!checkpoint.Extra.TryGetValue("mobynet", out var entry) || entry is not IReadOnlyDictionary<string, object?> ours
            || !ours.ContainsKey("fitted_steps")) return null;
        return Integer(ours, "fitted_steps", 1, ResumedOptimizer.MaxStep, checkpoint.Path);
    }

    /// <summary>The matmul precision our "mobynet" entry records (null: an official checkpoint, or ours from before it was recorded).</summary>
    public static ScalarType? Precision(Checkpoint checkpoint)
    {
        if (!checkpoint.Extra.TryGetValue("mobynet", out var entry) || entry is not IReadOnlyDictionary<string, object?> ours
            || !ours.TryGetValue("precision", out var value)) return null;
        return value switch
        {
            "fp32" => ScalarType.Float32,
            "bf16" => ScalarType.BFloat16,
            _ => throw new CheckpointFormatException(checkpoint.Path, $"mobynet.precision is {(value is string text ? $"'{ShownNames.One(text)}'" : PythonValues.Describe(value))}, expected 'fp32' or 'bf16'"),
        };
    }

    private static long Integer(IReadOnlyDictionary<string, object?> entry, string name, long min, long max, string path)
    {
        entry.TryGetValue(name, out var value);
        return value switch
        {
            int i when i >= min && i <= max => i,
            long l when l >= min && l <= max => l,
            _ => throw new CheckpointFormatException(path, $"mobynet.{name} is {(value is int or long or System.Numerics.BigInteger ? value : PythonValues.Describe(value))}, " +
                                                           $"expected an integer from {min} to {max}"),
        };
    }
}
