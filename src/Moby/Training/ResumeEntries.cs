using System.Collections;
using Moby.Interop;
using Moby.Optim;
using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>
/// The entries of a checkpoint that resuming reads besides the weights: the optimizer's per-parameter state and the
/// position (our "mobynet" entry, or the official "epoch"). A resume file may be damaged or crafted, so every value is
/// checked before it is used: one <see cref="CheckpointFormatException"/> naming the file and the key, never a cast
/// error, an overflow, or a tensor of another shape copied into the optimizer.
/// </summary>
static class ResumeEntries
{
    /// <summary>Larger steps are not integers in a double; no real run comes near (300 epochs of ImageNet are ~4e5).</summary>
    private const long MaxStep = 1L << 53;

    /// <summary>Copies exp_avg / exp_avg_sq by parameter index (PyTorch's convention); returns the step count.</summary>
    public static long RestoreOptimizer(object? saved, AdamW optimizer, string path)
    {
        if (saved is not IDictionary root || !root.Contains("state") || root["state"] is not IDictionary state)
            throw new CheckpointFormatException(path, "it has no optimizer state to resume from (optimizer.state)");
        var parameters = optimizer.Groups.SelectMany(g => g.Parameters).ToList();
        if (state.Count != parameters.Count)
            throw new CheckpointFormatException(path, $"its optimizer holds state for {state.Count} parameters, this model trains {parameters.Count}");
        var checkedState = new (Tensor ExpAvg, Tensor ExpAvgSq)[parameters.Count];
        long step = 0;
        foreach (DictionaryEntry entry in state)
        {
            int index = Index(entry.Key, parameters.Count, path);
            if (checkedState[index].ExpAvg is not null)
                throw new CheckpointFormatException(path, $"optimizer.state holds parameter {index} twice");
            string key = $"optimizer.state[{index}]";
            if (entry.Value is not IDictionary values)
                throw new CheckpointFormatException(path, $"{key} is {PythonValues.Describe(entry.Value)}, expected a dict of step, exp_avg and exp_avg_sq");
            var target = parameters[index].Parameter;
            checkedState[index] = (Moment(values, "exp_avg", key, target, path), Moment(values, "exp_avg_sq", key, target, path));
            step = Step(values.Contains("step") ? values["step"] : null, $"{key}.step", path);
        }
        using var _ = no_grad();
        for (int i = 0; i < parameters.Count; i++)
        {
            var (expAvg, expAvgSq) = optimizer.State(parameters[i].Parameter);
            expAvg.copy_(checkedState[i].ExpAvg);
            expAvgSq.copy_(checkedState[i].ExpAvgSq);
        }
        optimizer.StepCount = step;
        return step;
    }

    /// <summary>
    /// Where to continue. Our "mobynet" entry gives the epoch, the batch within it and the global step; an official
    /// checkpoint (no such entry) resumes at the start of the epoch after its "epoch", with the momentum counter too.
    /// </summary>
    public static RunPosition Position(Checkpoint checkpoint, long optimizerStep, int stepsPerEpoch)
    {
        string path = checkpoint.Path;
        if (!checkpoint.Extra.TryGetValue("mobynet", out var entry))
        {
            int next = OfficialEpoch(checkpoint.EpochEntry, path) + 1;
            return new RunPosition(next, 0, Math.Max(optimizerStep, (long)next * stepsPerEpoch));
        }
        if (entry is not IReadOnlyDictionary<string, object?> ours)
            throw new CheckpointFormatException(path, $"mobynet is {PythonValues.Describe(entry)}, expected a dict of epoch, batch and step");
        int epoch = (int)Integer(ours, "epoch", 0, int.MaxValue, path);
        int batch = (int)Integer(ours, "batch", 0, int.MaxValue, path);
        if (batch > stepsPerEpoch)
            throw new CheckpointFormatException(path, $"mobynet.batch is {batch}, but an epoch has {stepsPerEpoch} steps with this configuration " +
                                                      "(resume with the batch size, accumulation and data the checkpoint was written with)");
        long step = Integer(ours, "step", 0, MaxStep, path);
        return new RunPosition(epoch, batch, step);
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
    public static long? FittedSteps(Checkpoint checkpoint)
    {
        if (!checkpoint.Extra.TryGetValue("mobynet", out var entry) || entry is not IReadOnlyDictionary<string, object?> ours
            || !ours.ContainsKey("fitted_steps")) return null;
        return Integer(ours, "fitted_steps", 1, MaxStep, checkpoint.Path);
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

    private static int Index(object key, int count, string path) => key switch
    {
        int i when i >= 0 && i < count => i,
        long l when l >= 0 && l < count => (int)l,
        int or long => throw new CheckpointFormatException(path, $"optimizer.state has parameter index {key}, expected 0 to {count - 1}"),
        _ => throw new CheckpointFormatException(path, $"optimizer.state has a key that is {PythonValues.Describe(key)}, expected a parameter index"),
    };

    /// <summary>An Adam moment: a floating-point tensor of the parameter's shape.</summary>
    private static Tensor Moment(IDictionary values, string name, string key, Tensor parameter, string path)
    {
        object? value = values.Contains(name) ? values[name] : null;
        if (value is not Tensor moment)
            throw new CheckpointFormatException(path, $"{key}.{name} is {PythonValues.Describe(value)}, expected a tensor");
        if (!moment.is_floating_point() || !moment.shape.SequenceEqual(parameter.shape))
            throw new CheckpointFormatException(path, $"{key}.{name} is a {moment.dtype} tensor of shape [{string.Join(", ", moment.shape)}], " +
                                                      $"expected floating point of shape [{string.Join(", ", parameter.shape)}] (the parameter's)");
        return moment;
    }

    /// <summary>PyTorch stores the step as a one-element float tensor (since 1.12) or as a Python int (before).</summary>
    private static long Step(object? value, string key, string path)
    {
        double step = value switch
        {
            Tensor { NumberOfElements: 1 } t when t.is_floating_point() || is_integral(t.dtype) => Number(t),
            int or long => Convert.ToDouble(value),
            _ => throw new CheckpointFormatException(path, $"{key} is {PythonValues.Describe(value)}, expected a number (a one-element tensor or an integer)"),
        };
        if (!(step >= 0 && step <= MaxStep) || step != Math.Floor(step))
            throw new CheckpointFormatException(path, $"{key} is {step}, expected a whole number from 0 to {MaxStep}");
        return (long)step;
    }

    private static double Number(Tensor t)
    {
        using var value = t.to_type(ScalarType.Float64);
        return value.item<double>();
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
