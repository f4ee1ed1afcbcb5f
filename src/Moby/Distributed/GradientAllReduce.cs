using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Distributed;

/// <summary>
/// Averages the gradients over the ranks after backward, as DDP does: concatenated into buckets of at most
/// <see cref="BucketElements"/> floats, one all-reduce per bucket (few large messages rather than one per tensor).
/// Parameters without a gradient are left out; they are the same on every rank, as the graph is.
/// </summary>
internal sealed class GradientAllReduce
{
    /// <summary>64 MB of float32: Swin-T's 28M gradients go in two messages.</summary>
    public const long BucketElements = 16L << 20;

    private readonly ICommunicator world;
    private readonly List<List<Parameter>> buckets = [];

    public GradientAllReduce(ICommunicator world, IEnumerable<Parameter> parameters)
    {
        this.world = world;
        long filled = BucketElements;
        foreach (var p in parameters)
        {
            if (filled + p.numel() > BucketElements)
            {
                buckets.Add([]);
                filled = 0;
            }
            buckets[^1].Add(p);
            filled += p.numel();
        }
    }

    public void Average()
    {
        foreach (var bucket in buckets) Average(bucket);
    }

    private void Average(List<Parameter> bucket)
    {
        using var scope = NewDisposeScope();
        var grads = bucket.Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return;
        var flat = cat(grads.Select(g => g.reshape(-1)).ToList(), 0);
        world.AllReduceSum(flat);
        using var ranks = Of(world.Size);
        flat.div_(ranks);
        long offset = 0;
        foreach (var grad in grads)
        {
            grad.copy_(flat.narrow(0, offset, grad.numel()).view_as(grad));
            offset += grad.numel();
        }
    }
}
