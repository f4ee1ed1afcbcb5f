namespace Moby.Data;

/// <summary>
/// Pretraining batches of two views, decoded and augmented in parallel ahead of the consumer. The views of an image
/// depend only on (seed, epoch, index), so neither the worker count nor resuming mid-epoch changes them.
/// </summary>
public sealed class BatchLoader : ITwoViewSource
{
    readonly ImageFetcher _fetcher;
    readonly TwoViewTransform _transform;
    readonly LoaderOptions _options;

    public BatchLoader(IImageDataset dataset, TwoViewTransform transform, LoaderOptions options)
    {
        _fetcher = ImageFetcher.ForLoader(dataset, transform.Channels, options);
        _transform = transform;
        _options = options;
        if (BatchesPerEpoch == 0)
            throw new DataException($"{dataset.Count} image(s) make no full batch of {options.BatchSize} for rank {options.Rank} of {options.WorldSize}");
    }

    public BadImageLog BadImages => _fetcher.Log;

    public int BatchesPerEpoch
    {
        get
        {
            int perRank = EpochOrder.PerRank(_fetcher.Dataset.Count, _options.WorldSize, _options.DropLast);
            return _options.DropLast ? perRank / _options.BatchSize : (perRank + _options.BatchSize - 1) / _options.BatchSize;
        }
    }

    /// <summary>The batches of <paramref name="epoch"/> from <paramref name="startBatch"/> on; dispose each one.</summary>
    public IEnumerable<TwoViewBatch> Epoch(int epoch, int startBatch = 0)
    {
        var o = _options;
        var order = EpochOrder.For(_fetcher.Dataset.Count, o.Seed, epoch, shuffle: true, o.Rank, o.WorldSize, o.DropLast);
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
        var slice = order.AsSpan(j * _options.BatchSize, Math.Min(_options.BatchSize, order.Length - j * _options.BatchSize));
        int n = slice.Length, len = _transform.ViewLength;
        var view1 = new float[n * len];
        var view2 = new float[n * len];
        var labels = new long[n];
        var indices = new int[n];
        for (int k = 0; k < n; k++)
        {
            var (image, index) = _fetcher.Load(slice[k]);
            // Randomness follows the position's index, so a substituted image still gets this slot's views.
            _transform.Apply(image, _options.Seed, epoch, slice[k], view1.AsSpan(k * len, len), view2.AsSpan(k * len, len), ws);
            labels[k] = _fetcher.Dataset.Label(index);
            indices[k] = index;
        }
        int c = _transform.Channels, s = _transform.Size;
        return new TwoViewBatch(BatchTensors.Images(view1, n, c, s), BatchTensors.Images(view2, n, c, s),
            BatchTensors.Labels(labels), indices, epoch, j);
    }
}
