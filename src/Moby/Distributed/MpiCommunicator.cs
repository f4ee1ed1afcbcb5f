using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Distributed;

/// <summary>
/// MPI_COMM_WORLD of Open MPI. Collectives work in place on the tensors' native memory (no copies) for CPU tensors;
/// tensors on a GPU go through a host copy (MPI here is not CUDA-aware). Calls must come from one thread at a time; the
/// training loop makes them all from its own thread.
/// </summary>
internal sealed class MpiCommunicator : ICommunicator
{
    private bool finalized;

    public int Rank { get; }
    public int Size { get; }

    private MpiCommunicator(int rank, int size)
    {
        Rank = rank;
        Size = size;
    }

    public static MpiCommunicator Initialize()
    {
        Mpi.Load();
        Mpi.Check(Mpi.MPI_Init(IntPtr.Zero, IntPtr.Zero), "MPI_Init");
        Mpi.Check(Mpi.MPI_Comm_rank(Mpi.CommWorld, out int rank), "MPI_Comm_rank");
        Mpi.Check(Mpi.MPI_Comm_size(Mpi.CommWorld, out int size), "MPI_Comm_size");
        return new MpiCommunicator(rank, size);
    }

    public void AllReduceSum(Tensor tensor) => OnHost(tensor, host =>
        Mpi.Check(Mpi.MPI_Allreduce(Mpi.InPlace, Address(host), Count(host.numel()), TypeOf(host), Mpi.Sum, Mpi.CommWorld), "MPI_Allreduce"));

    public Tensor AllGather(Tensor tensor)
    {
        using var local = tensor.cpu().contiguous();
        long[] shape = [.. tensor.shape];
        shape[0] *= Size;
        var all = empty(shape, tensor.dtype, device: CPU);
        int count = Count(local.numel() * local.ElementSize);
        Mpi.Check(Mpi.MPI_Allgather(Address(local), count, Mpi.Byte, Address(all), count, Mpi.Byte, Mpi.CommWorld), "MPI_Allgather");
        if (tensor.device_type == DeviceType.CPU) return all;
        using (all) return all.to(tensor.device);
    }

    public void Broadcast(Tensor tensor, int root = 0) => OnHost(tensor, host =>
        Mpi.Check(Mpi.MPI_Bcast(Address(host), Count(host.numel() * host.ElementSize), Mpi.Byte, root, Mpi.CommWorld), "MPI_Bcast"));

    /// <summary>Runs an in-place collective on the tensor itself (CPU) or on a host copy that is then copied back (GPU).</summary>
    private static void OnHost(Tensor tensor, Action<Tensor> collective)
    {
        if (tensor.device_type == DeviceType.CPU)
        {
            collective(tensor);
            return;
        }
        using var host = tensor.cpu().contiguous();
        collective(host);
        tensor.copy_(host);
    }

    public void Abort(int exitCode)
    {
        Mpi.MPI_Abort(Mpi.CommWorld, exitCode);
        Environment.Exit(exitCode); // not reached: MPI_Abort ends the process
    }

    /// <summary>MPI_Finalize, once: mpirun counts a process that exits without it as failed.</summary>
    public void Dispose()
    {
        if (finalized) return;
        finalized = true;
        Mpi.Check(Mpi.MPI_Finalize(), "MPI_Finalize");
    }

    /// <summary>The tensor's native data; <c>bytes</c> is a span over it for contiguous CPU tensors.</summary>
    private static unsafe IntPtr Address(Tensor tensor)
    {
        if (tensor.device_type != DeviceType.CPU || !tensor.is_contiguous())
            throw new ArgumentException("MPI collectives need contiguous CPU tensors.");
        fixed (byte* data = tensor.bytes) return (IntPtr)data;
    }

    private static IntPtr TypeOf(Tensor tensor) => tensor.dtype switch
    {
        ScalarType.Float32 => Mpi.Float,
        ScalarType.Float64 => Mpi.Double,
        ScalarType.Int64 => Mpi.Int64,
        _ => throw new ArgumentException($"No MPI reduction for {tensor.dtype} tensors."),
    };

    private static int Count(long count) =>
        count <= int.MaxValue ? (int)count : throw new ArgumentException($"{count} elements is more than one MPI call takes; split the tensor.");
}
