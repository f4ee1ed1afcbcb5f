using Moby.Nn;
using static TorchSharp.torch;

namespace Moby.Data;

internal static class BatchTensors
{
    /// <summary>
    /// A tensor over managed data made on a worker thread. Detaching keeps it out of any dispose scope the thread
    /// might have, so only the consumer's Dispose frees it: TorchSharp's scopes are per thread, and a tensor of a
    /// worker's scope disposed on the consumer's thread would change the worker's scope set from another thread.
    /// </summary>
    /// <param name="device">Where the model waits for the images (null: the CPU): the worker moves them there, ahead of use.</param>
    public static Tensor Images(float[] data, int count, int channels, int size, Device? device = null) =>
        ToDevice(tensor(data, [count, channels, size, size], ScalarType.Float32, device: CPU), device).DetachFromDisposeScope();

    /// <summary>Labels stay on the CPU, where the evaluation's bookkeeping reads them.</summary>
    public static Tensor Labels(long[] labels) => tensor(labels, ScalarType.Int64, device: CPU).DetachFromDisposeScope();

    /// <summary>A host tensor on <paramref name="device"/> (the same tensor on the CPU; else a copy, and the host one is freed).</summary>
    public static Tensor ToDevice(Tensor host, Device? device) => device is null ? host : ComputeDevice.MoveTo(host, device);
}
