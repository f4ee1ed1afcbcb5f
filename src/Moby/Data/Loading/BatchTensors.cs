using static TorchSharp.torch;

namespace Moby.Data;

internal static class BatchTensors
{
    /// <summary>
    /// A tensor over managed data made on a worker thread. Detaching keeps it out of any dispose scope the thread
    /// might have, so only the consumer's Dispose frees it: TorchSharp's scopes are per thread, and a tensor of a
    /// worker's scope disposed on the consumer's thread would change the worker's scope set from another thread.
    /// </summary>
    public static Tensor Images(float[] data, int count, int channels, int size) =>
        tensor(data, [count, channels, size, size], ScalarType.Float32).DetachFromDisposeScope();

    public static Tensor Labels(long[] labels) => tensor(labels, ScalarType.Int64).DetachFromDisposeScope();
}
