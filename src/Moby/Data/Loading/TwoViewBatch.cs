using static TorchSharp.torch;

namespace Moby.Data;

/// <summary>
/// Two augmented views of each image: float32 [B, C, H, W], normalised; labels int64 [B] (-1 when unlabeled);
/// the data set indices the images came from. Belongs to the consumer, which disposes it. A loader asked for one view
/// (<see cref="LoaderOptions.SecondView"/> false) leaves the second out.
/// </summary>
internal sealed class TwoViewBatch(Tensor view1, Tensor? view2, Tensor labels, int[] indices, int epoch) : IDisposable
{
    public Tensor View1 { get; } = view1;
    public Tensor View2 => view2 ?? throw new InvalidOperationException("This batch holds one view: its loader was made with SecondView false.");
    public Tensor Labels { get; } = labels;
    public IReadOnlyList<int> Indices { get; } = indices;
    public int Epoch { get; } = epoch;

    public int Count => Indices.Count;

    public void Dispose()
    {
        View1.Dispose();
        view2?.Dispose();
        Labels.Dispose();
    }
}
