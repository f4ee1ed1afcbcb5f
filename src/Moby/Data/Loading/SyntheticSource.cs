using static TorchSharp.torch;

namespace Moby.Data;

/// <summary>
/// Random normal views, reproducible per (seed, epoch, batch) in every process (HashCode is randomised per process,
/// so a resumed or second process would get other batches): for benchmarks and tests, never for learning.
/// </summary>
public sealed class SyntheticSource(int batchSize, int channels, int imageSize, int batchesPerEpoch, int seed = 0) : ITwoViewSource
{
    const long BatchPurpose = -2;

    public int BatchesPerEpoch => batchesPerEpoch;

    public IEnumerable<TwoViewBatch> Epoch(int epoch, int startBatch = 0)
    {
        for (int b = startBatch; b < batchesPerEpoch; b++)
        {
            using var generator = new Generator(SplitMix.For(seed, epoch, b, BatchPurpose).NextUInt64());
            long[] shape = [batchSize, channels, imageSize, imageSize];
            yield return new TwoViewBatch(randn(shape, generator: generator), randn(shape, generator: generator),
                                          full(batchSize, -1L, dtype: int64), new int[batchSize], epoch, b);
        }
    }
}
