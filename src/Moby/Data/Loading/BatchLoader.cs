namespace Moby.Data;

/// <summary>
/// Pretraining batches of two views, decoded and augmented in parallel ahead of the consumer. The views of an image
/// depend only on (seed, epoch, index), so neither the worker count nor resuming mid-epoch changes them.
/// </summary>
internal sealed class BatchLoader : ITwoViewSource
{
    readonly ImageFetcher fetcher;
    readonly TwoViewTransform transform;
    readonly LoaderOptions options;

    public BatchLoader(IImageDataset dataset, TwoViewTransform transform, LoaderOptions options)
    {
        fetcher = ImageFetcher.ForLoader(dataset, transform.Channels, options);
        this.transform = transform;
        this.options = options;
        if (BatchesPerEpoch == 0)
            throw new DataException($"{dataset.Count} image(s) make no full batch of {options.BatchSize} for rank {options.Rank} of {options.WorldSize}");
    }

    public BadImageLog BadImages => fetcher.Log;

    public int BatchesPerEpoch
    {
        get
        {
            int perRank = EpochOrder.PerRank(fetcher.Dataset.Count, options.WorldSize, options.DropLast);
            return options.DropLast ? perRank / options.BatchSize : (perRank + options.BatchSize - 1) / options.BatchSize;
        }
    }

    /// <summary>The batches of <paramref name="epoch"/> from <paramref name="startBatch"/> on; dispose each one.</summary>
    public IEnumerable<TwoViewBatch> Epoch(int epoch, int startBatch = 0)
    {
        var o = options;
        var order = EpochOrder.For(fetcher.Dataset.Count, o.Seed, epoch, shuffle: true, o.Rank, o.WorldSize, o.DropLast);
        var workspaces = new ThreadLocal<AugmentationWorkspace>(() => new AugmentationWorkspace());
        try
        {
            foreach (var batch in Prefetcher.Run(startBatch, BatchesPerEpoch, o.Workers, o.Prefetch,
                         j => Build(order, epoch, j, workspaces.Value!)))
                yield return batch;
        }
        finally
        {
            workspaces.Dispose();
        }
    }

    TwoViewBatch Build(int[] order, int epoch, int j, AugmentationWorkspace ws)
    {
        var slice = order.AsSpan(j * options.BatchSize, Math.Min(options.BatchSize, order.Length - j * options.BatchSize));
        int n = slice.Length, len = transform.ViewLength;
        var view1 = new float[n * len];
        var view2 = options.SecondView ? new float[n * len] : null;
        var labels = new long[n];
        var indices = new int[n];
        for (int k = 0; k < n; k++)
        {
            var (image, index) = fetcher.Load(slice[k]);
            // Randomness follows the position's index, so a substituted image still gets this slot's views.
            if (view2 is null) transform.ApplyFirst(image, options.Seed, epoch, slice[k], view1.AsSpan(k * len, len), ws);
            else transform.Apply(image, options.Seed, epoch, slice[k], view1.AsSpan(k * len, len), view2.AsSpan(k * len, len), ws);
            labels[k] = fetcher.Dataset.Label(index);
            indices[k] = index;
        }
        int c = transform.Channels, s = transform.Size;
        return new TwoViewBatch(BatchTensors.Images(view1, n, c, s, options.Device), view2 is null ? null : BatchTensors.Images(view2, n, c, s, options.Device),
            BatchTensors.Labels(labels), indices, epoch);
    }
}
