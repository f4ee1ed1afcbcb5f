namespace Moby.Config.Memory;

/// <summary>
/// How one kind of run estimates its memory from a configuration: its name in messages, and its shares for a tree (run
/// again on the tree with one key at its default, to tell which keys make it big).
/// </summary>
/// <param name="Source">The file the backbone comes from when the tree's keys do not describe it (a pre-trained checkpoint), named when it is the largest share.</param>
internal sealed record MemoryEstimate(string Run, Func<ConfigTree, IReadOnlyList<MemoryPart>> Parts, string? Source = null)
{
    /// <summary>fp32: weights, optimizer state and activations (bf16 products keep fp32 weights; their activations would be smaller).</summary>
    public const double Float = 4;

    /// <summary>A trained weight: itself, its gradient and AdamW's two moments.</summary>
    public const double Trained = 4 * Float;

    /// <summary>What a process holds besides the model: the .NET runtime, libtorch and its kernels, the data loader's
    /// buffers (a training step's memory above its estimated model and activations measures 0.3 to 0.9 GiB).</summary>
    public static MemoryPart Runtime { get; } = new("the runtime (.NET, libtorch)", 1L << 29, []);
}
