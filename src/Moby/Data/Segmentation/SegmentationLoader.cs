using static TorchSharp.torch;

namespace Moby.Data.Segmentation;

/// <summary>
/// Training batches of augmented crops, built on worker threads ahead of the training step (full batches only, in a
/// shuffled order per epoch). What an image becomes depends on (seed, epoch, index) alone, so a resumed run sees the
/// batches an uninterrupted one would. With several processes, rank r of w reads positions r, r + w, ... of the epoch's
/// global order (<see cref="EpochOrder"/>): batch j of the w ranks together holds the images of batch j of one process
/// with a w times larger batch. The workers move each batch to the model's device ahead of use.
/// </summary>
internal sealed class SegmentationLoader(SegmentationSet set, SegmentationTransform transform, int batchSize, long seed, int workers,
                                         int rank = 0, int worldSize = 1, Device? device = null)
{
    public int BatchesPerEpoch => EpochOrder.PerRank(set.Count, worldSize, dropLast: true) / batchSize;

    /// <summary>The batches of <paramref name="epoch"/> from <paramref name="startBatch"/> on; dispose each one.</summary>
    public IEnumerable<SegmentationBatch> Epoch(int epoch, int startBatch = 0)
    {
        var order = EpochOrder.For(set.Count, seed, epoch, shuffle: true, rank, worldSize, dropLast: true);
        return Prefetcher.Run(startBatch, BatchesPerEpoch, workers, capacity: 2, j => Build(order, epoch, j));
    }

    private SegmentationBatch Build(int[] order, int epoch, int j)
    {
        var indices = order.AsSpan(j * batchSize, batchSize).ToArray();
        var images = new float[batchSize * transform.ImageLength];
        var labels = new byte[batchSize * transform.LabelLength];
        for (int k = 0; k < batchSize; k++)
            transform.Apply(set.Load(indices[k]), seed, epoch, indices[k], images.AsSpan(k * transform.ImageLength, transform.ImageLength),
                            labels.AsSpan(k * transform.LabelLength, transform.LabelLength));
        int size = transform.Size;
        using var bytes = tensor(labels, [batchSize, size, size], ScalarType.Byte);
        return new SegmentationBatch(BatchTensors.Images(images, batchSize, transform.Channels, size, device),
                                     BatchTensors.ToDevice(bytes.to_type(ScalarType.Int64), device).DetachFromDisposeScope(), indices);
    }
}
