using Moby.Data;

namespace Moby.Training;

/// <summary>The micro-batches of one optimizer step (TRAIN.ACCUMULATION_STEPS of them), disposed together.</summary>
internal sealed class MicroBatches : IDisposable
{
    private readonly List<TwoViewBatch> batches;

    private MicroBatches(List<TwoViewBatch> batches) => this.batches = batches;

    public IReadOnlyList<TwoViewBatch> Batches => batches;

    /// <summary>The next <paramref name="count"/> batches of <paramref name="epoch"/>'s source (an error when it ends early).</summary>
    public static MicroBatches Take(IEnumerator<TwoViewBatch> source, int count, int epoch)
    {
        var taken = new MicroBatches(new List<TwoViewBatch>(count));
        try
        {
            for (int i = 0; i < count; i++)
            {
                if (!source.MoveNext()) throw new InvalidOperationException($"The data source ended early in epoch {epoch}.");
                taken.batches.Add(source.Current);
            }
            return taken;
        }
        catch
        {
            taken.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var views in batches) views.Dispose();
    }
}
