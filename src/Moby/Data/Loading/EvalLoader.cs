namespace Moby.Data;

/// <summary>
/// Single-view batches for feature extraction: eval transform, data set order, last partial batch kept.
/// Decoding still runs in parallel ahead of the consumer.
/// </summary>
public sealed class EvalLoader
{
    readonly ImageFetcher _fetcher;
    readonly EvalTransform _transform;
    readonly LoaderOptions _options;

    public EvalLoader(IImageDataset dataset, EvalTransform transform, LoaderOptions options)
    {
        _fetcher = ImageFetcher.ForLoader(dataset, transform.Channels, options);
        _transform = transform;
        _options = options;
    }

    public BadImageLog BadImages => _fetcher.Log;

    public int BatchCount => (_fetcher.Dataset.Count + _options.BatchSize - 1) / _options.BatchSize;

    public IEnumerable<EvalBatch> Batches()
    {
        var workspaces = new ThreadLocal<AugmentationWorkspace>(() => new AugmentationWorkspace());
        try
        {
            foreach (var batch in Prefetcher.Run(0, BatchCount, _options.Workers, _options.Prefetch, j => Build(j, workspaces.Value!)))
                yield return batch;
        }
        finally
        {
            workspaces.Dispose();
        }
    }

    EvalBatch Build(int j, AugmentationWorkspace ws)
    {
        int start = j * _options.BatchSize;
        int n = Math.Min(_options.BatchSize, _fetcher.Dataset.Count - start), len = _transform.Length;
        var images = new float[n * len];
        var labels = new long[n];
        var indices = new int[n];
        for (int k = 0; k < n; k++)
        {
            var (image, index) = _fetcher.Load(start + k);
            _transform.Apply(image, images.AsSpan(k * len, len), ws);
            labels[k] = _fetcher.Dataset.Label(index);
            indices[k] = index;
        }
        return new EvalBatch(BatchTensors.Images(images, n, _transform.Channels, _transform.Size), BatchTensors.Labels(labels), indices);
    }
}
