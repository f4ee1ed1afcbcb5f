using Moby.Distributed;
using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>Every rank of a run resumes from the same step, or the run stops: a rank that found no checkpoint would train another model.</summary>
internal static class SameStart
{
    public static void Require(ICommunicator world, long step)
    {
        if (world.Size == 1) return;
        using var first = tensor(step);
        world.Broadcast(first);
        if (world.AnyRank(first.item<long>() != step))
            throw new InvalidOperationException($"Rank {world.Rank} starts at step {step} but rank 0 at step {first.item<long>()} (or another rank differs): " +
                                                "every rank must see the same checkpoint; use an output folder at the same path on every machine (shared), or pass --resume.");
    }
}
