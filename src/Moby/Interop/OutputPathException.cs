namespace Moby.Interop;

/// <summary>
/// Output cannot be written where it was asked for: a file where a folder was expected (or the reverse), a folder
/// that cannot be written, a full disk. The message names the path and the reason, so it can be shown as is.
/// An <see cref="IOException"/>, so code that handles I/O failures handles it too.
/// </summary>
public sealed class OutputPathException(string path, string message, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>The path that could not be written.</summary>
    public string Path { get; } = path;
}
