using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>
/// BatchNorm1d with PyTorch's semantics and state-dict keys (weight, bias, running_mean, running_var,
/// num_batches_tracked; eps 1e-5, momentum 0.1). Inputs are [B, C] (MoBY's heads) or, with
/// <c>tokens: true</c>, token sequences [B, L, C] normalised per channel over batch and tokens: the
/// "BN before MLP" trick of MoCo v3 that the official MoBY code meant to run but never did.
/// In one process it is exactly BatchNorm1d; under data parallelism the statistics are global.
/// </summary>
public sealed class SyncBatchNorm : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    private readonly Parameter bias;
    private readonly Tensor running_mean;
    private readonly Tensor running_var;
    private readonly Tensor num_batches_tracked;
    private readonly bool tokens;

    public const double Eps = 1e-5;
    public const double Momentum = 0.1;

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
        if (training)
        {
            using var _ = no_grad();
            num_batches_tracked.add_(1);
        }
        return nn.functional.batch_norm(x, running_mean, running_var, weight, bias, training, Momentum, Eps);
    }
}
