using Moby.Distributed;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Nn;

/// <summary>
/// BatchNorm with PyTorch's semantics and state-dict keys (weight, bias, running_mean, running_var,
/// num_batches_tracked; eps 1e-5, momentum 0.1). Inputs are channels-first, [B, C] (MoBY's heads), [B, C, L] or
/// [B, C, H, W] (mmseg's heads: BatchNorm2d), normalised per channel over every other dimension; or, with
/// <c>tokens: true</c>, token sequences [B, L, C] normalised per channel over batch and tokens: the
/// "BN before MLP" trick of MoCo v3 that the official MoBY code meant to run but never did.
/// In one process it is exactly BatchNorm1d / 2d; with a <see cref="Communicator"/> of several processes, training
/// batches are normalised with the mean and variance of the global batch, in the forward and the backward pass,
/// and the running statistics follow the global ones (PyTorch's SyncBatchNorm). Within a <see cref="BatchGroups"/> scope
/// a training input of stacked batches is normalised part by part.
/// </summary>
internal sealed class SyncBatchNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;
    private readonly bool tokens;

    public const double Eps = 1e-5;
    public const double Momentum = 0.1;

    /// <summary>The processes whose batches form the global batch; null (or one process) = local statistics.</summary>
    public ICommunicator? Communicator { get; set; }

    public SyncBatchNorm(long features, bool tokens = false) : base("BatchNorm1d")
    {
        this.tokens = tokens;
        weight = nn.Parameter(ones(features));
        bias = nn.Parameter(zeros(features));
        running_mean = zeros(features);
        running_var = ones(features);
        num_batches_tracked = zeros(Array.Empty<long>(), dtype: int64);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        if (!tokens) return Normalize(x);
        using var channelsFirst = x.transpose(1, 2);
        using var normed = Normalize(channelsFirst);
        return normed.transpose(1, 2);
    }

    private Tensor Normalize(Tensor x)
    {
        if (!training || BatchGroups.Count == 1) return NormalizeBatch(x);
        // Stacked batches (BatchGroups): each part alone, in order, as separate calls would.
        var parts = BatchGroups.Parts(x);
        try
        {
            var normed = parts.Select(NormalizeBatch).ToArray();
            try { return cat(normed, 0); }
            finally { foreach (var t in normed) t.Dispose(); }
        }
        finally { foreach (var t in parts) t.Dispose(); }
    }

    private Tensor NormalizeBatch(Tensor x)
    {
        if (training)
        {
            using (no_grad()) num_batches_tracked.add_(One, One);
            if (Communicator is { Size: > 1 } world) return NormalizeGlobally(x, world);
        }
        return nn.functional.batch_norm(x, running_mean, running_var, weight, bias, training, Momentum, Eps);
    }

    /// <summary>
    /// Batch norm of x [N, C, ...] over every rank's batch: two-pass mean and (biased) variance from
    /// sums all-reduced by <see cref="DistributedSum"/>, whose backward all-reduces the gradient terms too.
    /// </summary>
    private Tensor NormalizeGlobally(Tensor x, ICommunicator world)
    {
        using var scope = NewDisposeScope();
        long[] reduced = [0, .. Enumerable.Range(2, (int)x.dim() - 2).Select(d => (long)d)];
        long[] perChannel = [1, -1, .. Enumerable.Repeat(1L, (int)x.dim() - 2)];
        // Every rank trains on batches of the same shape, so the global count is the local one times the ranks.
        double count = (double)x.numel() / x.shape[1] * world.Size;
        using var countScalar = Of(count);
        using var eps = Of(Eps);
        var mean = DistributedSum.apply(x.sum(reduced), world).div(countScalar);
        var centered = x - mean.view(perChannel);
        var variance = DistributedSum.apply(centered.pow(Two).sum(reduced), world).div(countScalar);
        UpdateRunningStatistics(mean, variance, count);
        var normalized = centered * variance.add(eps, One).rsqrt().view(perChannel);
        return (normalized * weight.view(perChannel)).add(bias.view(perChannel), One).MoveToOuterDisposeScope();
    }

    /// <summary>As BatchNorm1d: momentum-averaged mean and unbiased variance.</summary>
    private void UpdateRunningStatistics(Tensor mean, Tensor variance, double count)
    {
        using var _ = no_grad();
        using var keep = Of(1 - Momentum);
        using var meanWeight = Of(Momentum);
        using var varianceWeight = Of(Momentum * count / (count - 1));
        running_mean.mul_(keep).add_(mean, meanWeight);
        running_var.mul_(keep).add_(variance, varianceWeight);
    }
}
