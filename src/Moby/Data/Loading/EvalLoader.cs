namespace Moby.Data;

/// <summary>
/// Single-view batches for feature extraction: eval transform, data set order, last partial batch kept.
/// Decoding still runs in parallel ahead of the consumer.
/// </summary>
internal sealed class EvalLoader
{
    readonly ImageFetcher fetcher;
    readonly EvalTransform transform;
    readonly LoaderOptions options;

    public EvalLoader(IImageDataset dataset, EvalTransform transform, LoaderOptions options)
    {
        fetcher = ImageFetcher.ForLoader(dataset, transform.Channels, options);
        this.transform = transform;
        this.options = options;
    }

    public BadImageLog BadImages => fetcher.Log;

    public int BatchCount => (fetcher.Dataset.Count + options.BatchSize - 1) / options.BatchSize;

    public IEnumerable<EvalBatch> Batches()
    {
        var workspaces = new ThreadLocal<AugmentationWorkspace>(() => new AugmentationWorkspace());
        try
        {
            foreach (var batch in Prefetcher.Run(0, BatchCount, options.Workers, options.Prefetch, j => Build(j, workspaces.Value!)))
                yield return batch;
        }
        finally
        {
            workspaces.Dispose();
        }
    }

    EvalBatch Build(int j, AugmentationWorkspace ws)
    {
        int start = j * options.BatchSize;
        int n = Math.Min(options.BatchSize, fetcher.Dataset.Count - start), len = transform.Length;
        var images = new float[n * len];
        var labels = new long[n];
        var indices = new int[n];
        for (int k = 0; k < n; k++)
        {
            var (image, index) = fetcher.Load(start + k);
            transform.Apply(image, images.AsSpan(k * len, len), ws);
            labels[k] = fetcher.Dataset.Label(index);
            indices[k] = index;
        }
        return new EvalBatch(BatchTensors.Images(images, n, transform.Channels, transform.Size, options.Device), BatchTensors.Labels(labels), indices);
    }
}
