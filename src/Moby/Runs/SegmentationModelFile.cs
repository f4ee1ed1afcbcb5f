using Moby.Config;
using Moby.Interop;
using Moby.Nn;
using Moby.Segmentation;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// A segmentation checkpoint opened for inference (segment eval and predict): the model rebuilt from its
/// "segmentation" entry, its weights loaded strictly, in eval mode on the device asked for; the configuration it trained
/// with, the inference's own device and precision (default cpu and auto) and the caller's overrides on top; and the
/// precision of the matrix products: as written, or with auto the one the checkpoint trained with (<see cref="RunPrecision"/>).
/// </summary>
internal sealed record SegmentationModelFile(SegmentationModel Model, ConfigTree Tree, IReadOnlyList<string> Classes, ScalarType Precision) : IDisposable
{
    public static SegmentationModelFile Open(string weights, IEnumerable<string>? options, Action<string>? say)
    {
        using var checkpoint = CheckpointFile.Read(weights);
        var (backbone, classes) = PyramidArchitecture.Segmentation.Read(checkpoint);
        var trained = checkpoint.Config is { } config ? ConfigTree.FromDictionary(config, $"{weights} (config)") : ConfigTree.Defaults();
        // The machine that trained is not this one: device and precision are the inference's own unless the options say.
        var defaults = ConfigTree.Defaults();
        var tree = trained.With([ConfigTree.TextOption("MOBYNET.DEVICE", defaults.String("MOBYNET.DEVICE")),
                                 ConfigTree.TextOption("MOBYNET.PRECISION", defaults.String("MOBYNET.PRECISION")), .. options ?? []]);
        var device = ComputeDevice.Parse(tree.String("MOBYNET.DEVICE"));
        var precision = RunPrecision.Choose(tree.String("MOBYNET.PRECISION"), device, ResumeEntries.Precision(checkpoint), say ?? (_ => { }));
        var model = new SegmentationModel(SegmentationRecipe.Model(tree, backbone, classes.Count));
        try
        {
            StateDictLoader.Load(model, checkpoint.State, strict: true, source: weights);
            if (!ComputeDevice.IsCpu(device)) model.to(device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return new SegmentationModelFile(model, tree, classes, precision);
    }

    public void Dispose() => Model.Dispose();
}
