using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// Exports for other tools: the official MoBY checkpoint layout (what the official code and its linear
/// evaluation load), the online backbone as safetensors, and as a plain PyTorch state_dict (timm / Swin style).
/// </summary>
public static class CheckpointExport
{
    /// <summary>Exports the checkpoint file <paramref name="path"/> into <paramref name="output"/> (default: beside it), its files named after it.</summary>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Write(string path, string? output = null)
    {
        using var checkpoint = CheckpointFile.Read(path);
        using var folder = OutputFolder.Create(output ?? Path.GetDirectoryName(Path.GetFullPath(path))!);
        return Write(checkpoint, folder.Path, Path.GetFileNameWithoutExtension(path));
    }

    internal static IReadOnlyList<string> Write(Checkpoint checkpoint, string directory, string name)
    {
        var written = new List<string>();
        var backbone = StateDictViews.Backbone(checkpoint.State);
        if (StateDictViews.IsMoby(checkpoint.State))
        {
            string official = Path.Combine(directory, $"{name}.official.pth");
            var content = new Dictionary<string, object?> { ["model"] = checkpoint.State };
            if (checkpoint.Optimizer != null) content["optimizer"] = checkpoint.Optimizer;
            foreach (var key in new[] { "lr_scheduler", "max_accuracy" })
                if (checkpoint.Extra.TryGetValue(key, out var value)) content[key] = value;
            content["epoch"] = checkpoint.Epoch ?? 0;
            if (checkpoint.Config != null) content["config"] = checkpoint.Config;
            CheckpointFile.WritePth(official, content);
            written.Add(official);
        }
        string safetensors = Path.Combine(directory, $"{name}.backbone.safetensors");
        CheckpointFile.WriteSafetensors(safetensors, backbone);
        string pth = Path.Combine(directory, $"{name}.backbone.pth");
        CheckpointFile.WritePth(pth, backbone);
        written.Add(safetensors);
        written.Add(pth);
        return written;
    }
}
