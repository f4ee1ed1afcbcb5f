using Moby.Interop;

namespace Moby.Data;

/// <summary>One image file did not decode (truncated, zero bytes, not an image). Skipped unless the loader is strict.</summary>
public sealed class ImageDecodeException(string path, string reason, Exception? inner = null)
    : DataException($"cannot decode image '{ShownNames.Path(path)}': {reason}", inner)
{
    /// <summary>The image file that did not decode.</summary>
    public string Path { get; } = path;
}
