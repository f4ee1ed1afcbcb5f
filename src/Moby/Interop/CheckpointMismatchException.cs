namespace Moby.Interop;

/// <summary>Thrown by a strict <see cref="StateDictLoader.Load"/>; the message lists every problem.</summary>
public sealed class CheckpointMismatchException(LoadResult result, string? source)
    : Exception(source is null
        ? $"State dict does not match the module: {result.Describe()}"
        : $"State dict from '{source}' does not match the module: {result.Describe()}")
{
    public LoadResult Result { get; } = result;
}
