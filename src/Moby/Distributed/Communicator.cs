using static TorchSharp.torch;

namespace Moby.Distributed;

/// <summary>
/// The processes of one data-parallel run and the collective operations between them. Every process must make
/// the same calls in the same order with tensors of the same shape and dtype (contiguous, on the CPU).
/// </summary>
public interface ICommunicator : IDisposable
{
    /// <summary>This process's index, 0 to Size - 1; rank 0 writes checkpoints and logs.</summary>
    int Rank { get; }

    int Size { get; }

    /// <summary>Replaces <paramref name="tensor"/> (float32, float64 or int64) in place by its sum over all ranks.</summary>
    void AllReduceSum(Tensor tensor);

    /// <summary>A new tensor: every rank's <paramref name="tensor"/> concatenated along dim 0, in rank order.</summary>
    Tensor AllGather(Tensor tensor);

    /// <summary>Overwrites <paramref name="tensor"/> on every rank with its value on <paramref name="root"/>.</summary>
    void Broadcast(Tensor tensor, int root = 0);

    /// <summary>Ends every process of the run at once (after an error on this one); does not return.</summary>
    void Abort(int exitCode);
}

public static class World
{
    /// <summary>
    /// The run this process belongs to: Open MPI's world when started by mpirun with more than one process
    /// (OMPI_COMM_WORLD_SIZE), otherwise a single process that touches no MPI library at all.
    /// </summary>
    public static ICommunicator Join() =>
        int.TryParse(Environment.GetEnvironmentVariable("OMPI_COMM_WORLD_SIZE"), out int size) && size > 1
            ? MpiCommunicator.Initialize()
            : SingleProcess.Instance;

    /// <summary>True on every rank when <paramref name="value"/> is true on any: decisions (stop, time budget) must be unanimous.</summary>
    public static bool AnyRank(this ICommunicator world, bool value)
    {
        if (world.Size == 1) return value;
        using var flag = tensor(value ? 1L : 0L);
        world.AllReduceSum(flag);
        return flag.item<long>() > 0;
    }
}

/// <summary>World size 1: every collective is the identity.</summary>
public sealed class SingleProcess : ICommunicator
{
    public static SingleProcess Instance { get; } = new();

    private SingleProcess() { }

    public int Rank => 0;
    public int Size => 1;
    public void AllReduceSum(Tensor tensor) { }
    public Tensor AllGather(Tensor tensor) => tensor.alias();
    public void Broadcast(Tensor tensor, int root = 0) { }
    public void Abort(int exitCode) => Environment.Exit(exitCode);
    public void Dispose() { }
}
