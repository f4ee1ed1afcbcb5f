using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Data;

/// <summary>
/// Random normal views, a fixed function of (seed, epoch, batch) in every process and on every run (the generator's
/// seed comes from <see cref="SplitMix"/>, not from HashCode, which .NET randomises per process): for benchmarks and
/// tests, never for learning.
/// </summary>
/// <param name="device">Where the views go (null: the CPU); they are drawn on the CPU, so every device sees the same ones.</param>
internal sealed class SyntheticSource(int batchSize, int channels, int imageSize, int batchesPerEpoch, int seed = 0, Device? device = null) : ITwoViewSource
{
    const long GeneratorPurpose = -2; // apart from the loader's shuffle (-1) and views (1, 2)
    private static readonly TorchSharp.Scalar NoLabel = Of(-1L);

    public int BatchesPerEpoch => batchesPerEpoch;

    private Tensor View(long[] shape, Generator generator) => BatchTensors.ToDevice(randn(shape, generator: generator, device: CPU), device);

    public IEnumerable<TwoViewBatch> Epoch(int epoch, int startBatch = 0)
    {
        for (int b = startBatch; b < batchesPerEpoch; b++)
        {
            using var generator = new Generator(SplitMix.For(seed, epoch, b, GeneratorPurpose).NextUInt64());
            long[] shape = [batchSize, channels, imageSize, imageSize];
            yield return new TwoViewBatch(View(shape, generator), View(shape, generator), full(batchSize, NoLabel, dtype: int64, device: CPU),
                                          new int[batchSize], epoch);
        }
    }
}
