using static TorchSharp.torch;

namespace Moby.Data;

/// <summary>Random normal views, reproducible per (seed, epoch, batch): for benchmarks and tests, never for learning.</summary>
public sealed class SyntheticSource(int batchSize, int channels, int imageSize, int batchesPerEpoch, int seed = 0) : ITwoViewSource
{
    public int BatchesPerEpoch => batchesPerEpoch;

    public IEnumerable<TwoViewBatch> Epoch(int epoch, int startBatch = 0)
    {
        for (int b = startBatch; b < batchesPerEpoch; b++)
        {
            using var generator = new Generator((ulong)HashCode.Combine(seed, epoch, b));
            long[] shape = [batchSize, channels, imageSize, imageSize];
            yield return new TwoViewBatch(randn(shape, generator: generator), randn(shape, generator: generator),
                                          full(batchSize, -1L, dtype: int64), new int[batchSize], epoch, b);
        }
    }
}
