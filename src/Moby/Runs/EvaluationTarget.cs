using Moby.Backbones;
using Moby.Config;
using Moby.Data;
using Moby.Evaluation;
using Moby.Interop;

namespace Moby.Runs;

/// <summary>
/// What an evaluation command works on: the checkpoint's backbone, the labelled data source and the eval transform,
/// each taken from the command line first, then from the configuration stored with the checkpoint (if any).
/// </summary>
internal sealed class EvaluationTarget : IDisposable
{
    public required Backbone Backbone { get; init; }
    public required DataSource Source { get; init; }
    public required EvalTransformOptions Transform { get; init; }

    public static EvaluationTarget Open(string weights, string? model, string? data, double? cropRatio, string? prefix = null)
    {
        using var checkpoint = CheckpointFile.Read(weights);
        // The checkpoint's configuration over the defaults; a checkpoint without one takes the defaults.
        var tree = checkpoint.Config is null ? ConfigTree.Defaults() : ConfigTree.FromDictionary(checkpoint.Config, weights);
        var backbone = BackboneLoader.Load(checkpoint, model, prefix);
        return new EvaluationTarget
        {
            Backbone = backbone,
            Source = DataSource.Parse(data ?? tree.String("MOBYNET.DATA")) with { Decoding = TrainingData.Decoding(tree, backbone.ImageSize) },
            Transform = new EvalTransformOptions { Size = backbone.ImageSize, CropRatio = cropRatio ?? tree.Double("MOBYNET.EVAL_CROP_RATIO") },
        };
    }

    public void Dispose() => Backbone.Dispose();
}
