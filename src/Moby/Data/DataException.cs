namespace Moby.Data;

/// <summary>
/// A data set cannot be used as given: wrong path, missing split, empty class folder, wrong binary layout.
/// The message names the path and what was expected, so it can be shown to the user as is.
/// </summary>
public class DataException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>One image file did not decode (truncated, zero bytes, not an image). Skipped unless the loader is strict.</summary>
public sealed class ImageDecodeException(string path, string reason, Exception? inner = null)
    : DataException($"cannot decode image '{path}': {reason}", inner)
{
    public string Path { get; } = path;
}
