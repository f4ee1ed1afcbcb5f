namespace Moby.Data;

/// <summary>What pre-training consumes: a fixed number of two-view batches per epoch, replayable from any batch of any epoch.</summary>
internal interface ITwoViewSource
{
    int BatchesPerEpoch { get; }

    /// <summary>The batches of an epoch from <paramref name="startBatch"/> on; the same (epoch, batch) always gives the same views. Dispose each batch.</summary>
    IEnumerable<TwoViewBatch> Epoch(int epoch, int startBatch = 0);
}
