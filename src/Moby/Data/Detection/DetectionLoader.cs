using static TorchSharp.torch;

namespace Moby.Data.Detection;

/// <summary>
/// Batches of a detection set built on worker threads ahead of the step: for training, full batches of
/// <paramref name="indices"/> in a shuffled order per epoch (the segmentation loader's order: what an image becomes
/// depends on (seed, epoch, index) alone, so a resumed run sees the batches an uninterrupted one would; with several
/// processes, rank r of w reads positions r, r + w, ... of the epoch's global order, so that batch j of the w ranks
/// together holds the images of batch j of one process with a w times larger batch); for evaluation, every index in
/// order, the last batch possibly smaller. The workers move each batch to <paramref name="device"/> (null: the CPU) ahead of use.
/// </summary>
internal sealed class DetectionLoader(DetectionSet set, int[] indices, DetectionTransform transform, int batchSize, long seed, int workers,
                                      int rank = 0, int worldSize = 1, Device? device = null)
{
    public int BatchesPerEpoch => EpochOrder.PerRank(indices.Length, worldSize, dropLast: true) / batchSize;

    /// <summary>The batches of <paramref name="epoch"/> from <paramref name="startBatch"/> on; dispose each one.</summary>
    public IEnumerable<DetectionBatch> Epoch(int epoch, int startBatch = 0)
    {
        var order = EpochOrder.For(indices.Length, seed, epoch, shuffle: true, rank, worldSize, dropLast: true).Select(i => indices[i]).ToArray();
        return Prefetcher.Run(startBatch, BatchesPerEpoch, workers, capacity: 2, j => Build(order.AsSpan(j * batchSize, batchSize).ToArray(), epoch));
    }

    /// <summary>Every index once, in order (evaluation); dispose each batch.</summary>
    public IEnumerable<DetectionBatch> InOrder()
    {
        int count = (indices.Length + batchSize - 1) / batchSize;
        return InOrder(Enumerable.Range(0, count).Select(j => indices[(j * batchSize)..Math.Min(indices.Length, (j + 1) * batchSize)]).ToList());
    }

    /// <summary>The given batches of indices, in order (evaluation, batched by what their masks may take); dispose each batch.</summary>
    public IEnumerable<DetectionBatch> InOrder(IReadOnlyList<int[]> batches) =>
        Prefetcher.Run(0, batches.Count, workers, capacity: 2, j => Build(batches[j], epoch: 0));

    private DetectionBatch Build(int[] batch, int epoch) =>
        DetectionBatch.Collate(batch.Select(i => transform.Apply(set.Load(i), i, seed, epoch)).ToList(), device);
}
