using System.Text.Json;
using Moby.Interop;

namespace Moby.Finetune;

/// <summary>
/// A fine-tuned classifier for Python: its state_dict under timm's names as a .pth (an OrderedDict that
/// <c>timm.create_model(name, num_classes=C)</c> or the official Swin code loads with <c>strict=True</c>) and as
/// safetensors, whose metadata carries the class names and normalisation (<see cref="ClassifierInfo"/>). Our own small
/// presets and the convolutional stem have no timm counterpart; they export in our names, which are the same scheme.
/// </summary>
internal static class ClassifierExport
{
    public static IReadOnlyList<string> Write(Checkpoint checkpoint, string directory, string name)
    {
        ClassifierLoader.HeadClasses(checkpoint);
        var metadata = checkpoint.Extra.TryGetValue(ClassifierInfo.Key, out var entry)
            ? new Dictionary<string, string> { [ClassifierInfo.Key] = JsonSerializer.Serialize(entry) } : null;
        string pth = Path.Combine(directory, $"{name}.classifier.pth"), safetensors = Path.Combine(directory, $"{name}.classifier.safetensors");
        CheckpointFile.WritePth(pth, checkpoint.State);
        CheckpointFile.WriteSafetensors(safetensors, checkpoint.State, metadata);
        return [pth, safetensors];
    }

    /// <summary>Whether the checkpoint holds a classification head (then it is exported as a classifier).</summary>
    public static bool IsClassifier(Checkpoint checkpoint) => checkpoint.State.ContainsKey(Classifier.HeadPrefix + "weight");
}
