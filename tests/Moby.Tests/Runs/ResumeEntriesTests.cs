using System.Collections;
using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Runs;

/// <summary>A crafted resume checkpoint ends in one CheckpointFormatException naming the file and the key, never a cast error or a mis-shaped copy.</summary>
public class ResumeEntriesTests(TrainedCheckpoint trained) : IClassFixture<TrainedCheckpoint>
{
    public static TheoryData<string, string> Damage => new()
    {
        { "state entry not a dict", "optimizer.state[0] is a string" },
        { "state key a string", "optimizer.state has a key that is a string" },
        { "state key out of range", "parameter index 999999" },
        { "state key beyond int", "parameter index 1099511627776" },
        { "exp_avg of another shape", "optimizer.state[0].exp_avg is a Float32 tensor of shape [3]" },
        { "exp_avg of integers", "optimizer.state[0].exp_avg is a Int64 tensor" },
        { "exp_avg_sq missing", "optimizer.state[0].exp_avg_sq is None" },
        { "step a string", ".step is a string" },
        { "step negative", ".step is -3" },
        { "step NaN", ".step is NaN" },
        { "step of two elements", ".step is a tensor" },
        { "step a float64 tensor", "" },
        { "optimizer without state", "optimizer.state" },
        { "mobynet not a dict", "mobynet is a string" },
        { "mobynet without epoch", "mobynet.epoch is None" },
        { "mobynet epoch a string", "mobynet.epoch is a string" },
        { "mobynet epoch beyond int", "mobynet.epoch is 1099511627776" },
        { "mobynet batch beyond the epoch", "mobynet.batch is 1000, but an epoch has 6 steps with this configuration" },
        { "mobynet batch beyond int", "mobynet.batch is 1099511627776, expected an integer from 0 to 2147483647" },
        { "mobynet step negative", "mobynet.step is -1" },
        { "mobynet precision fp16", "mobynet.precision is 'fp16', expected 'fp32' or 'bf16'" },
        { "mobynet precision a number", "mobynet.precision is a number" },
        { "mobynet precision a long line", "mobynet.precision is '\\x0a" },
        { "mobynet without precision", "" },
        { "mobynet fitted steps zero", "mobynet.fitted_steps is 0, expected an integer from 1 to" },
        { "mobynet fitted steps a string", "mobynet.fitted_steps is a string" },
        { "mobynet fitted steps valid", "" }, // read, then set aside: this run does not fit its schedule
        { "mobynet step beyond its epoch", "mobynet.step is 2147483647, but epoch 1 and batch 0 at 6 steps per epoch are a step from 1 to 6" },
        { "mobynet step behind its epoch", "mobynet.step is 1, but epoch 2 and batch 0 at 6 steps per epoch are a step from 2 to 12" },
        { "mobynet epoch past the run", "mobynet.epoch is 200 (batch 0), past the end of this run: 2 epochs of 6 steps" },
        { "mobynet batch in the epoch after the last", "mobynet.epoch is 2 (batch 1), past the end of this run" },
        { "mobynet at the end of an epoch", "" },
        { "mobynet after a fitted end", "" }, // epoch 1 closed after 4 of its 6 steps
        { "mobynet fitted steps before the step", "mobynet.fitted_steps is 5, but the run stands at step 6 (mobynet.step)" },
        { "optimizer step ahead of the run", "optimizer.state[0].step is 7, more than the 6 steps of the run (mobynet.step)" },
        { "one parameter's step ahead of the run", "optimizer.state[0].step is 100, more than the 6 steps of the run" },
        { "queue pointer past the queue", "queue_ptr is 10, expected a position in the queues of 10 keys: 0 to 9" },
        { "queue pointer negative", "queue_ptr is -1, expected" },
        { "relative position index past the bias table", "encoder.layers.0.blocks.0.attn.relative_position_index differs from the model's own: it is computed from the window size (values 0 to 48)" },
        { "official epoch negative", "epoch is -7" },
        { "official epoch at int max", "epoch is 2147483647, expected the last finished epoch: an integer from -1 to 2147483646" },
        { "official epoch a string", "epoch is a string, expected the last finished epoch" },
        { "official epoch NaN", "epoch is NaN, expected the last finished epoch" },
        { "official epoch 2**62", "epoch is 4611686018427387904, expected" },
        { "official epoch valid", "" },
        { "official epoch past the run", "epoch is 4, past the end of this run: 2 epochs of 6 steps" },
        { "official optimizer ahead of its epoch", "optimizer.state[0].step is 6, more than the 0 steps of the 0 epochs done (epoch is -1)" },
        { "nothing", "" },
    };

    [Theory]
    [MemberData(nameof(Damage))]
    public void DamagedResumeEntriesAreRefusedNamingTheKey(string damage, string expected)
    {
        string crafted = Path.Combine(MicroRun.TempDir(), "crafted.pth");
        CheckpointFile.WritePth(crafted, Crafted(damage));
        var resume = () => PretrainRun.Execute(MicroRun.Tree(MicroRun.TempDir(), "TRAIN.EPOCHS=2"), new MicroRun.Silent(), resume: crafted);
        if (expected.Length == 0)
        {
            Assert.Equal(RunOutcome.Finished, resume());
            return;
        }
        var error = Assert.Throws<CheckpointFormatException>(() => resume());
        Assert.Contains(crafted, error.Message);
        Assert.Contains(expected, error.Message);
    }

    /// <summary>The trained checkpoint, rewritten with one damage.</summary>
    private Dictionary<string, object?> Crafted(string damage)
    {
        var checkpoint = trained.Checkpoint;
        var state = new Dictionary<object, object?>();
        foreach (DictionaryEntry entry in (IDictionary)((IDictionary)checkpoint.Optimizer!)["state"]!)
            state[entry.Key] = new Dictionary<string, object?>(((IDictionary)entry.Value!).Cast<DictionaryEntry>().Select(e => KeyValuePair.Create((string)e.Key, e.Value)));
        var first = (Dictionary<string, object?>)state[0]!;
        var mobynet = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)checkpoint.Extra["mobynet"]!);
        var optimizer = new Dictionary<string, object?> { ["state"] = state, ["param_groups"] = ((IDictionary)checkpoint.Optimizer!)["param_groups"] };
        var content = new Dictionary<string, object?>
        {
            ["model"] = checkpoint.State, ["optimizer"] = optimizer, ["epoch"] = checkpoint.Epoch, ["config"] = checkpoint.Config, ["mobynet"] = mobynet,
        };
        void MoveFirst(object key) { state.Remove(0); state[key] = first; }
        switch (damage)
        {
            case "state entry not a dict": state[0] = "x"; break;
            case "state key a string": MoveFirst("zero"); break;
            case "state key out of range": MoveFirst(999999); break;
            case "state key beyond int": MoveFirst(1L << 40); break;
            case "exp_avg of another shape": first["exp_avg"] = zeros(3); break;
            case "exp_avg of integers": first["exp_avg"] = zeros_like((Tensor)first["exp_avg"]!, ScalarType.Int64); break;
            case "exp_avg_sq missing": first.Remove("exp_avg_sq"); break;
            case "step a string": SetSteps(state, "6"); break;
            case "step negative": SetSteps(state, -3); break;
            case "step NaN": SetSteps(state, tensor(float.NaN)); break;
            case "step of two elements": SetSteps(state, zeros(2)); break;
            case "step a float64 tensor": SetSteps(state, tensor(6.0, ScalarType.Float64)); break;
            case "optimizer without state": optimizer.Remove("state"); break;
            case "mobynet not a dict": content["mobynet"] = "x"; break;
            case "mobynet without epoch": mobynet.Remove("epoch"); break;
            case "mobynet epoch a string": mobynet["epoch"] = "1"; break;
            case "mobynet epoch beyond int": mobynet["epoch"] = 1L << 40; break;
            case "mobynet batch beyond the epoch": mobynet["batch"] = 1000; break;
            case "mobynet batch beyond int": mobynet["batch"] = 1L << 40; break;
            case "mobynet step negative": mobynet["step"] = -1; break;
            case "mobynet precision fp16": mobynet["precision"] = "fp16"; break;
            case "mobynet precision a number": mobynet["precision"] = 16; break;
            case "mobynet precision a long line": mobynet["precision"] = "\n" + new string('x', 100_000); break;
            case "mobynet without precision": mobynet.Remove("precision"); break;
            case "mobynet fitted steps zero": mobynet["fitted_steps"] = 0; break;
            case "mobynet fitted steps a string": mobynet["fitted_steps"] = "7"; break;
            case "mobynet fitted steps valid": mobynet["fitted_steps"] = 7L; break;
            case "mobynet step beyond its epoch": mobynet["step"] = (long)int.MaxValue; break;
            case "mobynet step behind its epoch": (mobynet["epoch"], mobynet["step"]) = (2, 1L); SetSteps(state, 1); break;
            case "mobynet epoch past the run": mobynet["epoch"] = 200; break;
            case "mobynet batch in the epoch after the last": (mobynet["epoch"], mobynet["batch"], mobynet["step"]) = (2, 1, 13L); break;
            case "mobynet at the end of an epoch": (mobynet["epoch"], mobynet["batch"]) = (0, 6); break;
            case "mobynet after a fitted end": (mobynet["step"], mobynet["fitted_steps"]) = (4L, 4L); SetSteps(state, 4); break;
            case "mobynet fitted steps before the step": mobynet["fitted_steps"] = 5L; break;
            case "optimizer step ahead of the run": SetSteps(state, 7); break;
            case "one parameter's step ahead of the run": first["step"] = 100; break;
            case "queue pointer past the queue": Weights(content)["queue_ptr"] = tensor(new[] { 10L }); break;
            case "queue pointer negative": Weights(content)["queue_ptr"] = tensor(new[] { -1L }); break;
            case "relative position index past the bias table":
                var index = Weights(content)["encoder.layers.0.blocks.0.attn.relative_position_index"] = checkpoint.State["encoder.layers.0.blocks.0.attn.relative_position_index"].clone();
                index[0, 0].fill_(1_000_000L);
                break;
            case "official epoch past the run": content.Remove("mobynet"); content["epoch"] = 4; break;
            case "official optimizer ahead of its epoch": content.Remove("mobynet"); content["epoch"] = -1; break;
            case "official epoch negative": content.Remove("mobynet"); content["epoch"] = -7; break;
            case "official epoch at int max": content.Remove("mobynet"); content["epoch"] = int.MaxValue; break;
            case "official epoch a string": content.Remove("mobynet"); content["epoch"] = "abc"; break;
            case "official epoch NaN": content.Remove("mobynet"); content["epoch"] = double.NaN; break;
            case "official epoch 2**62": content.Remove("mobynet"); content["epoch"] = 1L << 62; break;
            case "official epoch valid": content.Remove("mobynet"); content["epoch"] = 0; break;
        }
        return content;
    }

    /// <summary>The weights, as a copy of the trained checkpoint's that may be changed.</summary>
    private static Dictionary<string, Tensor> Weights(Dictionary<string, object?> content)
    {
        var weights = new Dictionary<string, Tensor>((IReadOnlyDictionary<string, Tensor>)content["model"]!);
        content["model"] = weights;
        return weights;
    }

    /// <summary>Every entry's step.</summary>
    private static void SetSteps(Dictionary<object, object?> state, object step)
    {
        foreach (var values in state.Values) ((Dictionary<string, object?>)values!)["step"] = step;
    }
}
