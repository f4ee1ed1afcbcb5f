using Moby.Data;

namespace Moby.Training;

/// <summary>
/// The seed of torch's global generator for one optimizer step of one rank; the drop-path masks of that step are drawn
/// from it. A function of (SEED, rank, step) alone, so a resumed run draws what an uninterrupted one draws on every
/// rank, although only rank 0 writes the checkpoint and no generator state crosses processes. Ranks draw different masks.
/// </summary>
internal static class StepSeed
{
    const long Purpose = -3; // apart from the data order's and the synthetic batches' streams

    public static long For(long seed, int rank, long step) =>
        (long)(SplitMix.For(seed, step, rank, Purpose).NextUInt64() >> 1); // non-negative, as manual_seed expects
}
