using static TorchSharp.torch;

namespace Moby.Distributed;

/// <summary>Joins the processes of a run (<see cref="ICommunicator"/>).</summary>
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
        using var flag = tensor(value ? 1L : 0L, device: CPU);
        world.AllReduceSum(flag);
        return flag.item<long>() > 0;
    }
}
