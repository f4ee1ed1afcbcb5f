using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Config.Memory;
using Moby.Interop;
using Moby.Nn;
using Moby.Segmentation;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// A transfer checkpoint (moby segment train, moby detect train) opened for inference: the model rebuilt from its
/// architecture entry (<see cref="PyramidArchitecture"/>), its weights loaded strictly, in eval mode on the device asked
/// for; the configuration it trained with, the inference's own device and precision (default cpu and auto) and the
/// caller's overrides on top; and the precision of the matrix products: as written, or with auto the one the
/// checkpoint trained with (<see cref="RunPrecision"/>).
/// </summary>
/// <param name="CategoryIds">The data set's id of each class when the checkpoint records them.</param>
internal sealed record TransferModelFile<TModel>(TModel Model, ConfigTree Tree, IReadOnlyList<string> Classes, long[]? CategoryIds, ScalarType Precision)
    : IDisposable where TModel : nn.Module
{
    /// <param name="memory">The inference's estimate for the checkpoint's backbone and file, checked before the model is built.</param>
    /// <param name="build">The model of a configuration, a backbone and a number of classes (its weights are loaded after).</param>
    /// <param name="headWeights">About how many weights the model has beyond its backbone, for the same arguments: a
    /// crafted configuration must not make us allocate more than the file holds. Null: not checked.</param>
    public static TransferModelFile<TModel> Open(string weights, PyramidArchitecture architecture, Func<SwinConfig, string, MemoryEstimate> memory,
                                                 Func<ConfigTree, SwinConfig, int, TModel> build,
                                                 IEnumerable<string>? options, Action<string>? say, Func<ConfigTree, SwinConfig, int, long>? headWeights = null)
    {
        using var checkpoint = CheckpointFile.Read(weights);
        var (backbone, classes) = architecture.Read(checkpoint);
        var ids = architecture.CategoryIds(checkpoint, classes.Count);
        var trained = checkpoint.Config is { } config ? ConfigTree.FromDictionary(config, $"{ShownNames.Path(weights)} (config)") : ConfigTree.Defaults();
        // The machine that trained is not this one: device and precision are the inference's own unless the options say.
        var defaults = ConfigTree.Defaults();
        var tree = trained.With([ConfigTree.TextOption("MOBYNET.DEVICE", defaults.String("MOBYNET.DEVICE")),
                                 ConfigTree.TextOption("MOBYNET.PRECISION", defaults.String("MOBYNET.PRECISION")), .. options ?? []]);
        var device = ComputeDevice.Parse(tree.String("MOBYNET.DEVICE"));
        var precision = RunPrecision.Choose(tree.String("MOBYNET.PRECISION"), device, ResumeEntries.Precision(checkpoint), say ?? (_ => { }));
        long stored = checkpoint.State.Values.Sum(t => t.numel());
        if (headWeights?.Invoke(tree, backbone, classes.Count) is long heads && heads > stored)
            throw new CheckpointFormatException(weights, $"its configuration describes heads of about {heads:N0} weights, more than the {stored:N0} the file holds");
        RunMemory.Check(tree, memory(backbone, weights));
        var model = build(tree, backbone, classes.Count);
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
        return new TransferModelFile<TModel>(model, tree, classes, ids, precision);
    }

    public void Dispose() => Model.Dispose();
}
