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
    const long SamplerPurpose = -4;

    public static long For(long seed, int rank, long step) => Draw(seed, rank, step, Purpose);

    /// <summary>The seed of a step's own generator for the draws of a detector's samplers (which anchors and RoIs the
    /// losses see), apart from the global generator's stream.</summary>
    public static ulong Samplers(long seed, int rank, long step) => (ulong)Draw(seed, rank, step, SamplerPurpose);

    private static long Draw(long seed, int rank, long step, long purpose) =>
        (long)(SplitMix.For(seed, step, rank, purpose).NextUInt64() >> 1); // non-negative, as manual_seed expects
}
