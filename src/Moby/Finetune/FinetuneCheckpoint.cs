using Moby.Interop;
using Moby.Optim;
using Moby.Training;
using static TorchSharp.torch;

namespace Moby.Finetune;

/// <summary>
/// Fine-tuning checkpoints: the pre-training layout (<see cref="PretrainCheckpoint"/>: atomic <c>checkpoint.pth</c> and
/// rotated <c>ckpt_epoch_{e}.pth</c>, the optimizer state, the position for an exact resume) with the classifier's
/// weights under timm's names as "model", and the <see cref="ClassifierInfo"/> that makes it usable on its own.
/// </summary>
internal sealed class FinetuneCheckpoint(string directory, IReadOnlyDictionary<string, object?> config, int keep, ClassifierInfo info)
{
    private readonly PretrainCheckpoint files = new(directory, config, keep);

    public string Directory => files.Directory;

    public string LatestPath => files.LatestPath;

    /// <param name="fittedSteps">The schedule's length when it was fitted to the time budget (null: as configured).</param>
    public string Save(Classifier model, AdamW optimizer, RunPosition position, bool epochEnd, long? fittedSteps = null) =>
        files.Save(model.TimmState(), optimizer, position, epochEnd, new Dictionary<string, object?> { [ClassifierInfo.Key] = info.ToEntry() }, fittedSteps);

    /// <summary>Restores the weights and the optimizer (each entry checked first) and returns where to continue, the
    /// precision of the matrix products the run trained with (null: not recorded) and the schedule's fitted length (null: none).</summary>
    public static (RunPosition Position, ScalarType? Precision, long? FittedSteps) Load(string path, Classifier model, AdamW optimizer, ResumeLimits limits)
    {
        using var checkpoint = CheckpointFile.Read(path);
        model.LoadTimmState(checkpoint.State, path);
        var resumed = ResumeEntries.Read(checkpoint, optimizer, limits); // every other entry checked before the optimizer is restored
        return resumed.Restore(optimizer);
    }
}
