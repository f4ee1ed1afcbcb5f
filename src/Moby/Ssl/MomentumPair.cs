using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Ssl;

/// <summary>
/// An online module and its momentum (target) twin of the same architecture. The target starts as a copy of
/// the online parameters (buffers are not copied, as officially), never receives gradients, and follows
/// the online parameters by EMA: theta_k = m theta_k + (1 - m) theta_q.
/// </summary>
internal sealed class MomentumPair
{
    private readonly List<(Parameter Online, Parameter Target)> pairs;

    public MomentumPair(nn.Module online, nn.Module target)
    {
        var onlineParams = online.named_parameters().ToList();
        var targetParams = target.named_parameters().ToList();
        if (!onlineParams.Select(p => p.name).SequenceEqual(targetParams.Select(p => p.name)))
            throw new ArgumentException("Online and target modules must have the same architecture.");
        pairs = onlineParams.Zip(targetParams, (o, t) => (o.parameter, t.parameter)).ToList();
        using var _ = no_grad();
        foreach (var (o, t) in pairs)
        {
            t.copy_(o);
            t.requires_grad = false;
        }
    }

    public void Update(double momentum)
    {
        using var _ = no_grad();
        using var keep = Of(momentum);
        using var take = Of(1 - momentum);
        foreach (var (o, t) in pairs)
            t.mul_(keep).add_(o, take);
    }
}
