using Moby.Finetune;
using Moby.Interop;

namespace Moby.Runs;

/// <summary><c>moby export</c>: a fine-tuned classifier as timm-style files (<see cref="ClassifierExport"/>), any other checkpoint as <see cref="CheckpointExport"/> does.</summary>
internal static class ExportRun
{
    /// <param name="output">The folder; null = beside the checkpoint. The files are named after the checkpoint.</param>
    /// <returns>The files written.</returns>
    public static IReadOnlyList<string> Execute(string path, string? output)
    {
        using var checkpoint = CheckpointFile.Read(path);
        using var folder = OutputFolder.Create(output ?? Path.GetDirectoryName(Path.GetFullPath(path))!);
        string directory = folder.Path, name = Path.GetFileNameWithoutExtension(path);
        return ClassifierExport.IsClassifier(checkpoint) ? ClassifierExport.Write(checkpoint, directory, name) : CheckpointExport.Write(checkpoint, directory, name);
    }
}
