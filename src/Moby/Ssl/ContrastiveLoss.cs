using TorchSharp;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Ssl;

/// <summary>
/// MoBY's (MoCo v2's) InfoNCE term: for unit queries q [N, D] and their positive keys k [N, D], with the
/// negatives in a queue [D, K], cross-entropy of [q.k, q.queue] / tau against index 0, averaged over N.
/// </summary>
internal static class ContrastiveLoss
{
    public static Tensor Compute(Tensor query, Tensor key, Tensor queue, double temperature)
    {
        using var positive = (query * key).sum(1, keepdim: true);
        // A snapshot: the queue is overwritten in place by the enqueue before backward needs it.
        using var snapshot = queue.detach().clone();
        using var negatives = query.matmul(snapshot);
        using var logits = cat([positive, negatives], 1);
        using var t = Of(temperature);
        using var scaled = logits.div(t);
        using var target = zeros(query.shape[0], dtype: int64, device: query.device);
        return nn.functional.cross_entropy(scaled, target);
    }
}
