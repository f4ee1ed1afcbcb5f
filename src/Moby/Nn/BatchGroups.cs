using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>
/// Lets one forward pass carry several batches stacked along dimension 0 (MoBY's two views) while every layer with
/// batch statistics still sees each batch alone: within <c>using (BatchGroups.Split(2)) { ... }</c>, a training
/// <see cref="SyncBatchNorm"/> normalises each of the 2 equal parts with its own statistics and updates its running
/// statistics once per part, in order, exactly as two separate calls would. Every other layer treats samples
/// independently, so the stacked pass equals the separate ones and runs each kernel once on twice the rows, which is
/// what small models need: their time goes to per-kernel overhead, not to arithmetic. The scope flows with the async
/// context, as <see cref="Precision"/>'s does.
/// </summary>
internal static class BatchGroups
{
    private static readonly AsyncLocal<int> scoped = new();

    /// <summary>How many stacked batches the current input holds (1 outside every scope).</summary>
    public static int Count => Math.Max(1, scoped.Value);

    /// <summary>Inputs hold <paramref name="groups"/> equal batches until the returned scope is disposed (scopes nest).</summary>
    public static IDisposable Split(int groups)
    {
        if (groups < 1) throw new ArgumentOutOfRangeException(nameof(groups), groups, "A stacked input holds at least one batch.");
        return new AsyncScope<int>(scoped, groups);
    }

    /// <summary>The stacked batches of <paramref name="x"/> (views along dimension 0), checking they are equal.</summary>
    public static Tensor[] Parts(Tensor x)
    {
        int groups = Count;
        if (x.shape[0] % groups != 0)
            throw new ArgumentException($"A batch of {x.shape[0]} cannot hold {groups} equal stacked batches.");
        return x.chunk(groups, 0);
    }
}
