using Moby.Interop;
using static TorchSharp.torch;

namespace Moby.Ssl;

/// <summary>
/// MoBY's queue_ptr in a checkpoint to resume: where the next keys go in the queues, so within them. A crafted one wrote
/// the keys wherever the remainder put them, and its sum with the batch could overflow.
/// </summary>
internal static class QueuePointer
{
    public const string Key = "queue_ptr";

    /// <summary>Refuses a pointer outside [0, <paramref name="queueSize"/>); another dtype or shape is the state dict loader's to name.</summary>
    public static void Check(IReadOnlyDictionary<string, Tensor> state, long queueSize, string path)
    {
        if (!state.TryGetValue(Key, out var pointer) || pointer.dtype != ScalarType.Int64 || pointer.NumberOfElements != 1) return;
        long value = pointer.item<long>(); // read from the file, so on the CPU
        if (value < 0 || value >= queueSize)
            throw new CheckpointFormatException(path, $"{Key} is {value}, expected a position in the queues of {queueSize} keys: 0 to {queueSize - 1}");
    }
}
