using Moby.Interop;
using Moby.Nn;
using Moby.Optim;
using Moby.Ssl;
using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>
/// Pre-training checkpoints in the official layout {model, optimizer, lr_scheduler, max_accuracy, epoch, config},
/// so the official code and PyTorch read them, plus a "mobynet" entry holding what the official code forgets
/// and exact resumption needs: the position within the epoch and the global step (which is also the momentum
/// counter k; each step's random draws follow from it, <see cref="StepSeed"/>, so no RNG state is stored), and the
/// precision of the matrix products, so that a resumed run keeps computing as it did.
/// Written atomically: <c>checkpoint.pth</c> (latest) and <c>ckpt_epoch_{e}.pth</c> at epoch ends, of which the
/// newest <c>keep</c> are kept.
/// </summary>
internal sealed class PretrainCheckpoint(string directory, IReadOnlyDictionary<string, object?> config, int keep)
{
    public const string Latest = "checkpoint.pth";
    private const int FormatVersion = 2; // 1 also held rank 0's RNG state, which resuming no longer reads

    public string Directory { get; } = directory;

    public string LatestPath => Path.Combine(Directory, Latest);

    /// <summary>
    /// Our "mobynet" entry of a training checkpoint: the exact position (epoch, batch within it, step), the precision of
    /// the matrix products as applied, and the schedule's length when it was fitted to the time budget.
    /// </summary>
    internal static Dictionary<string, object?> RunEntry(RunPosition position, long? fittedSteps)
    {
        var entry = new Dictionary<string, object?>
        {
            ["epoch"] = position.Epoch, ["batch"] = position.Batch, ["step"] = position.Step, ["precision"] = Precision.Name(Precision.MatmulType),
        };
        if (fittedSteps is long steps) entry["fitted_steps"] = steps;
        return entry;
    }

    /// <param name="fittedSteps">The schedule's length when it was fitted to the time budget (null: as configured).</param>
    public string Save(MoBY model, AdamW optimizer, RunPosition position, bool epochEnd, long? fittedSteps = null) =>
        Save(model.state_dict(), optimizer, position, epochEnd, fittedSteps: fittedSteps);

    /// <summary>The same layout for any model's weights (a fine-tuned classifier's), with <paramref name="extra"/> top-level entries.</summary>
    internal string Save(IReadOnlyDictionary<string, Tensor> state, AdamW optimizer, RunPosition position, bool epochEnd,
                         IReadOnlyDictionary<string, object?>? extra = null, long? fittedSteps = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        using var scope = NewDisposeScope();
        var content = new Dictionary<string, object?>
        {
            ["model"] = state,
            ["optimizer"] = OptimizerState(optimizer),
            ["lr_scheduler"] = new Dictionary<string, object?> { ["last_step"] = position.Step },
            ["max_accuracy"] = 0.0,
            ["epoch"] = position.Epoch - 1, // official meaning: the last finished epoch
            ["config"] = config,
            ["mobynet"] = new Dictionary<string, object?>(RunEntry(position, fittedSteps)) { ["format"] = FormatVersion },
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>()) content[key] = value;
        CheckpointFile.WritePth(LatestPath, content);
        if (!epochEnd) return LatestPath;
        string epochPath = Path.Combine(Directory, $"ckpt_epoch_{position.Epoch - 1}.pth");
        AtomicFile.Write(epochPath, stream =>
        {
            using var latest = File.OpenRead(LatestPath);
            latest.CopyTo(stream);
        });
        Prune();
        return epochPath;
    }

    /// <summary>PyTorch's AdamW state_dict layout: per-parameter state by index, two parameter groups.</summary>
    internal static Dictionary<string, object?> OptimizerState(AdamW optimizer)
    {
        var state = new Dictionary<object, object?>();
        var groups = new List<object?>();
        int index = 0;
        foreach (var group in optimizer.Groups)
        {
            var ids = new List<object?>();
            foreach (var (_, p) in group.Parameters)
            {
                var (expAvg, expAvgSq) = optimizer.State(p);
                state[index] = new Dictionary<string, object?>
                {
                    ["step"] = tensor((float)optimizer.StepCount, device: CPU), ["exp_avg"] = expAvg, ["exp_avg_sq"] = expAvgSq,
                };
                ids.Add(index++);
            }
            groups.Add(new Dictionary<string, object?>
            {
                ["lr"] = optimizer.LearningRate * group.LrScale, ["betas"] = new List<object?> { optimizer.Beta1, optimizer.Beta2 }, ["eps"] = optimizer.Eps,
                ["weight_decay"] = group.WeightDecay, ["amsgrad"] = false, ["maximize"] = false, ["foreach"] = null,
                ["capturable"] = false, ["params"] = ids,
            });
        }
        return new Dictionary<string, object?> { ["state"] = state, ["param_groups"] = groups };
    }

    /// <summary>
    /// Restores model and optimizer, and returns where to continue, the precision the run trained with (null when
    /// the checkpoint does not say: official ones and ours before the precision was stored) and the schedule's length if
    /// it was fitted to a time budget. An official checkpoint (no "mobynet" entry) resumes at the start of the epoch after
    /// its "epoch", with the momentum counter restored too.
    /// </summary>
    public (RunPosition Position, ScalarType? Precision, long? FittedSteps) Load(string path, MoBY model, AdamW optimizer, ResumeLimits limits)
    {
        using var checkpoint = CheckpointFile.Read(path);
        QueuePointer.Check(checkpoint.State, model.Config.QueueSize, path);
        StateDictLoader.Load(model, checkpoint.State, strict: true, source: path);
        var resumed = ResumeEntries.Read(checkpoint, optimizer, limits); // every other entry checked before the optimizer is restored
        return resumed.Restore(optimizer);
    }

    private void Prune()
    {
        var epochFiles = new DirectoryInfo(Directory).GetFiles("ckpt_epoch_*.pth")
            .OrderByDescending(f => int.TryParse(f.Name["ckpt_epoch_".Length..^4], out int e) ? e : -1).Skip(keep);
        foreach (var file in epochFiles) file.Delete();
    }
}
