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

    /// <summary>The number of processes in the run.</summary>
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

