using Moby.Backbones.Swin;
using Moby.Interop;
using Moby.Nn;
using Moby.Optim;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// The checkpoint.pth of a transfer run on a padded Swin (segment train, detect train), in mmseg's and mmdet's layout
/// (mmcv's save_checkpoint) so that they read its weights: <c>state_dict</c> (the model's keys, mmseg's EncoderDecoder or
/// mmdet's MaskRCNN), <c>optimizer</c> (PyTorch's AdamW layout), <c>meta</c> (epoch, iter: those done); plus
/// <c>config</c> (the resolved configuration), <c>mobynet</c> (the exact position: epoch, batch within it, step, and the
/// precision of the matrix products, MOBYNET.PRECISION as it was applied) and the task's <see cref="PyramidArchitecture"/>
/// entry ("segmentation" or "detection": the backbone and class names, which rebuild the model for evaluation).
/// Written atomically, from CPU copies.
/// </summary>
internal sealed class PyramidCheckpoint(string directory, IReadOnlyDictionary<string, object?> config, PyramidArchitecture architecture,
                                        SwinConfig backbone, IReadOnlyList<string> classes, IReadOnlyList<long>? categoryIds = null)
{
    public const string Latest = "checkpoint.pth";

    public string Directory => directory;

    public string LatestPath => Path.Combine(directory, Latest);

    /// <param name="fittedSteps">The schedule's length when it was fitted to the time budget (null: as configured).</param>
    public void Save(nn.Module model, AdamW optimizer, RunPosition position, long? fittedSteps = null)
    {
        using var scope = NewDisposeScope();
        CheckpointFile.WritePth(LatestPath, new Dictionary<string, object?>
        {
            ["meta"] = new Dictionary<string, object?> { ["iter"] = position.Step, ["epoch"] = position.Epoch },
            ["state_dict"] = model.state_dict(),
            ["optimizer"] = PretrainCheckpoint.OptimizerState(optimizer),
            ["config"] = config,
            ["mobynet"] = PretrainCheckpoint.RunEntry(position, fittedSteps),
            [architecture.Entry] = PyramidArchitecture.Describe(backbone, classes, categoryIds),
        });
    }

    /// <summary>Restores model and optimizer, and returns where to continue, the precision the run trained with (null: not
    /// recorded) and the schedule's fitted length (null: none).</summary>
    public static (RunPosition Position, ScalarType? Precision, long? FittedSteps) Load(string path, nn.Module model, AdamW optimizer, ResumeLimits limits)
    {
        using var checkpoint = CheckpointFile.Read(path);
        StateDictLoader.Load(model, checkpoint.State, strict: true, source: path);
        var resumed = ResumeEntries.Read(checkpoint, optimizer, limits); // every other entry checked before the optimizer is restored
        return resumed.Restore(optimizer);
    }
}
