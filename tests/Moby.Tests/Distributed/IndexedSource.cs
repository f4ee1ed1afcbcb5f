using Moby.Data;
using static TorchSharp.torch;

namespace Moby.Tests.Distributed;

/// <summary>
/// Random views keyed by global sample index, sharded in contiguous blocks: batch b of rank r of w holds samples
/// [(b w + r) B, (b w + r + 1) B), so the batches of all ranks concatenated in rank order (what the key gather
/// sees) are exactly batch b of one process with batch w B.
/// </summary>
internal sealed class IndexedSource(int batchSize, int rank, int worldSize, int batchesPerEpoch, int channels, int imageSize) : ITwoViewSource
{
    public int BatchesPerEpoch => batchesPerEpoch;

    public IEnumerable<TwoViewBatch> Epoch(int epoch, int startBatch = 0)
    {
        for (int b = startBatch; b < batchesPerEpoch; b++)
        {
            int first = (b * worldSize + rank) * batchSize;
            int[] indices = [.. Enumerable.Range(first, batchSize)];
            yield return new TwoViewBatch(View(epoch, indices, 0), View(epoch, indices, 1), full(batchSize, -1L, dtype: int64), indices, epoch);
        }
    }

    private Tensor View(int epoch, int[] indices, int view)
    {
        using var scope = NewDisposeScope();
        var images = indices.Select(i =>
        {
            using var generator = new Generator((ulong)((epoch * 100_003L + i) * 2 + view));
            return randn([channels, imageSize, imageSize], generator: generator);
        }).ToArray();
        return stack(images).MoveToOuterDisposeScope();
    }
}
