using static TorchSharp.torch;

namespace Moby.Training;

/// <summary>Random normal views, reproducible per (seed, epoch, batch): for benchmarks and tests, never for learning.</summary>
public sealed class SyntheticSource(int batchSize, int channels, int imageSize, int batchesPerEpoch, int seed = 0) : ITwoViewSource
{
    public int BatchesPerEpoch => batchesPerEpoch;

    public IEnumerable<TwoViews> Epoch(int epoch, int startBatch = 0)
    {
        for (int b = startBatch; b < batchesPerEpoch; b++)
        {
            using var generator = new Generator((ulong)HashCode.Combine(seed, epoch, b));
            yield return new TwoViews(randn([batchSize, channels, imageSize, imageSize], generator: generator),
                                      randn([batchSize, channels, imageSize, imageSize], generator: generator));
        }
    }
}
