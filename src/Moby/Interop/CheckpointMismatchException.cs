namespace Moby.Interop;

/// <summary>
/// Thrown by a strict <see cref="StateDictLoader.Load"/>; the message counts the problems and names the first
/// few keys of each kind, then <paramref name="advice"/> (e.g. which configuration keys were guessed).
/// </summary>
public sealed class CheckpointMismatchException(LoadResult result, string? source, string? advice = null)
    : Exception((source is null
        ? $"State dict does not match the module: {result.Describe()}"
        : $"State dict from '{ShownNames.Path(source)}' does not match the module: {result.Describe()}")
        + (advice is null ? "" : $". {advice}"))
{
    /// <summary>The comparison: missing, unexpected and mismatched keys.</summary>
    public LoadResult Result { get; } = result;
}
