namespace Moby.Data;

/// <summary>
/// The indices one rank reads in one epoch: a global permutation from (seed, epoch), identical on every rank,
/// of which rank r takes positions r, r + w, r + 2w, ... (as torch's DistributedSampler).
/// </summary>
internal static class EpochOrder
{
    const long ShufflePurpose = -1;

    public static int[] For(int count, long seed, int epoch, bool shuffle, int rank, int worldSize, bool dropLast)
    {
        var global = Enumerable.Range(0, count).ToArray();
        if (shuffle)
        {
            var rng = SplitMix.For(seed, epoch, 0, ShufflePurpose);
            rng.Shuffle(global.AsSpan());
        }
        int perRank = PerRank(count, worldSize, dropLast);
        var mine = new int[perRank];
        for (int k = 0; k < perRank; k++)
            mine[k] = global[(rank + k * worldSize) % count];
        return mine;
    }

    /// <summary>Equal shares for all ranks: the tail is dropped, or padded by wrapping around, like DistributedSampler.</summary>
    public static int PerRank(int count, int worldSize, bool dropLast) =>
        dropLast ? count / worldSize : (count + worldSize - 1) / worldSize;
}
