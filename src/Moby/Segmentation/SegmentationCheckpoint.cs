using Moby.Backbones.Swin;
using Moby.Interop;
using Moby.Nn;
using Moby.Optim;
using Moby.Training;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// A segmentation run's checkpoint.pth, in mmseg's layout so that mmseg reads its weights: <c>state_dict</c> (the
/// EncoderDecoder's keys), <c>optimizer</c> (PyTorch's AdamW layout), <c>meta</c> (iter, epoch); plus <c>config</c> (the
/// resolved configuration), <c>mobynet</c> (the exact position: epoch, batch within it, step) and <c>segmentation</c>
/// (the backbone architecture and class names, which rebuild the model for evaluation), the position's entry also
/// recording the precision of the matrix products (MOBYNET.PRECISION as it was applied). Written atomically, from CPU copies.
/// </summary>
internal sealed class SegmentationCheckpoint(string directory, IReadOnlyDictionary<string, object?> config)
{
    public const string Latest = "checkpoint.pth";

    public string Directory => directory;

    public string LatestPath => Path.Combine(directory, Latest);

    public void Save(SegmentationModel model, AdamW optimizer, RunPosition position, IReadOnlyList<string> classes)
    {
        using var scope = NewDisposeScope();
        CheckpointFile.WritePth(LatestPath, new Dictionary<string, object?>
        {
            ["meta"] = new Dictionary<string, object?> { ["iter"] = position.Step, ["epoch"] = position.Epoch },
            ["state_dict"] = model.state_dict(),
            ["optimizer"] = PretrainCheckpoint.OptimizerState(optimizer),
            ["config"] = config,
            ["mobynet"] = new Dictionary<string, object?>
            {
                ["epoch"] = position.Epoch, ["batch"] = position.Batch, ["step"] = position.Step, ["precision"] = Precision.Name(Precision.MatmulType),
            },
            ["segmentation"] = PyramidArchitecture.Describe(model.Config.Backbone, classes),
        });
    }

    /// <summary>Restores model and optimizer, and returns where to continue and the precision the run trained with (null: not recorded).</summary>
    public static (RunPosition Position, ScalarType? Precision) Load(string path, SegmentationModel model, AdamW optimizer, int stepsPerEpoch)
    {
        using var checkpoint = CheckpointFile.Read(path);
        var precision = ResumeEntries.Precision(checkpoint); // checked before anything is restored
        StateDictLoader.Load(model, checkpoint.State, strict: true, source: path);
        long step = ResumeEntries.RestoreOptimizer(checkpoint.Optimizer, optimizer, path);
        return (ResumeEntries.Position(checkpoint, step, stepsPerEpoch), precision);
    }
}
