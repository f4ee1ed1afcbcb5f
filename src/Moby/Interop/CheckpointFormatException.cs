namespace Moby.Interop;

/// <summary>A file that cannot be read as a checkpoint: missing, empty, truncated or of an unknown format.</summary>
public sealed class CheckpointFormatException(string path, string problem, Exception? inner = null)
    : Exception($"Cannot read checkpoint '{ShownNames.Path(path)}': {problem}", inner)
{
    /// <summary>The file that could not be read.</summary>
    public string Path { get; } = path;
}
