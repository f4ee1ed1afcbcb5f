namespace Moby.Data;

/// <summary>
/// SplitMix64 random stream. Streams are keyed by (seed, epoch, index, purpose), so an image's augmentation does not
/// depend on which thread handles it or on where a resumed run starts.
/// </summary>
internal struct SplitMix
{
    const ulong Golden = 0x9E3779B97F4A7C15;
    ulong state;

    public SplitMix(ulong state) => this.state = state;

    public static SplitMix For(long seed, long epoch, long index, long purpose)
    {
        // Mixing each key through the finaliser keeps nearby keys (index i, i+1) from giving related streams.
        ulong h = Mix((ulong)seed + Golden);
        h = Mix(h ^ Mix((ulong)epoch + unchecked(2 * Golden)));
        h = Mix(h ^ Mix((ulong)index + unchecked(3 * Golden)));
        h = Mix(h ^ Mix((ulong)purpose + unchecked(4 * Golden)));
        return new SplitMix(h);
    }

    public ulong NextUInt64() => Mix(state += Golden);

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    public bool Chance(double p) => NextDouble() < p;

    /// <summary>Uniform in [0, n) (Lemire's multiply-shift; bias below 2^-32).</summary>
    public int NextInt(int n) => (int)(((NextUInt64() >> 32) * (ulong)n) >> 32);

    public void Shuffle<T>(Span<T> items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
