using System.Collections;
using Moby.Interop;
using Moby.Optim;
using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>
/// The optimizer entry of a resume checkpoint, checked against the optimizer it goes into before anything is copied:
/// per-parameter exp_avg / exp_avg_sq by parameter index (PyTorch's convention) and the step count.
/// </summary>
internal sealed class ResumedOptimizer
{
    /// <summary>Larger steps are not integers in a double; no real run comes near (300 epochs of ImageNet are ~4e5).</summary>
    public const long MaxStep = 1L << 53;

    private readonly (Tensor ExpAvg, Tensor ExpAvgSq)[] moments;

    private ResumedOptimizer((Tensor, Tensor)[] moments, long step, string stepKey) => (this.moments, Step, StepKey) = (moments, step, stepKey);

    /// <summary>The step count: the largest of the parameters' (PyTorch keeps one each; a parameter without a gradient lags).</summary>
    public long Step { get; }

    /// <summary>The key <see cref="Step"/> was read from, for messages.</summary>
    public string StepKey { get; }

    /// <summary>Checks every entry of <paramref name="saved"/> (the checkpoint's "optimizer") against <paramref name="optimizer"/>'s parameters.</summary>
    public static ResumedOptimizer Read(object? saved, AdamW optimizer, string path)
    {
        if (saved is not IDictionary root || !root.Contains("state") || root["state"] is not IDictionary state)
            throw new CheckpointFormatException(path, "it has no optimizer state to resume from (optimizer.state)");
        var parameters = optimizer.Groups.SelectMany(g => g.Parameters).ToList();
        if (state.Count != parameters.Count)
            throw new CheckpointFormatException(path, $"its optimizer holds state for {state.Count} parameters, this model trains {parameters.Count}");
        var checkedState = new (Tensor ExpAvg, Tensor ExpAvgSq)[parameters.Count];
        (long step, int stepIndex) = (0, -1);
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
            long own = Steps(values.Contains("step") ? values["step"] : null, $"{key}.step", path);
            if (own > step || (own == step && index < stepIndex)) (step, stepIndex) = (own, index); // the lowest index with the largest, named if it is refused
        }
        return new ResumedOptimizer(checkedState, step, $"optimizer.state[{Math.Max(stepIndex, 0)}].step");
    }

    /// <summary>Copies the checked moments into <paramref name="optimizer"/> and sets its step count.</summary>
    public void Restore(AdamW optimizer)
    {
        var parameters = optimizer.Groups.SelectMany(g => g.Parameters).ToList();
        using var _ = no_grad();
        for (int i = 0; i < parameters.Count; i++)
        {
            var (expAvg, expAvgSq) = optimizer.State(parameters[i].Parameter);
            expAvg.copy_(moments[i].ExpAvg);
            expAvgSq.copy_(moments[i].ExpAvgSq);
        }
        optimizer.StepCount = Step;
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
    private static long Steps(object? value, string key, string path)
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
}
