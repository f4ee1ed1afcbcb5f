using Moby.Config;
using Moby.Interop;
using static TorchSharp.torch;

namespace Moby.Finetune;

/// <summary>
/// A classifier from a checkpoint with a head: ours (<c>moby finetune</c>, which names its architecture and classes) or
/// a timm-style state_dict (then the architecture from <c>model</c>, numbered classes). A backbone without a head is
/// refused in one line that says how to make a classifier of it.
/// </summary>
internal static class ClassifierLoader
{
    /// <summary>More classes than this is not a classification head (ImageNet-21k has 21,841).</summary>
    public const int MaxClasses = 1_000_000;

    public static (Classifier Model, ClassifierInfo Info) Load(string path, string? model = null)
    {
        using var checkpoint = CheckpointFile.Read(path);
        int classes = HeadClasses(checkpoint);
        var architecture = ModelConfigs.ResolveEncoder(model, checkpoint.Config, path);
        var classifier = new Classifier(architecture.Create(), classes);
        try
        {
            classifier.LoadTimmState(checkpoint.State, path);
            var stored = checkpoint.Config is null ? ConfigTree.Defaults() : ConfigTree.FromDictionary(checkpoint.Config, path);
            return (classifier, ClassifierInfo.Read(checkpoint, classes, architecture.InChans, stored.Double("MOBYNET.EVAL_CROP_RATIO")));
        }
        catch
        {
            classifier.Dispose();
            throw;
        }
    }

    /// <summary>The classes of the head: head.weight [C, features] and head.bias [C].</summary>
    public static int HeadClasses(Checkpoint checkpoint)
    {
        var state = checkpoint.State;
        if (!state.TryGetValue(Classifier.HeadPrefix + "weight", out var weight) || !state.TryGetValue(Classifier.HeadPrefix + "bias", out var bias))
            throw new CheckpointFormatException(checkpoint.Path, "it holds no classification head (head.weight and head.bias): it is a backbone, such as a " +
                                                                 $"pre-training checkpoint; make a classifier of it first with `moby finetune --weights {ShownNames.Path(checkpoint.Path)}`");
        if (weight.dim() != 2 || bias.dim() != 1 || bias.shape[0] != weight.shape[0] || weight.shape[0] is < 1 or > MaxClasses)
            throw new CheckpointFormatException(checkpoint.Path, $"its head is head.weight [{string.Join(", ", weight.shape)}] and head.bias " +
                                                                 $"[{string.Join(", ", bias.shape)}]; expected [classes, features] and [classes], 1 to {MaxClasses} classes");
        return (int)weight.shape[0];
    }
}
