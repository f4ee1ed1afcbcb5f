using TorchSharp;
using static TorchSharp.torch;
using Linear = Moby.Nn.Linear;
using static Moby.Torch.Scalars;

namespace Moby.Evaluation;

/// <summary>
/// PyTorch's SGD with Nesterov momentum 0.9 and coupled weight decay (d = g + wd p; buf = 0.9 buf + d, d itself at the
/// first step; p -= lr (d + 0.9 buf)) on a wide linear head whose output columns belong to different fits, each with
/// its own learning rate and weight decay (<see cref="LinearProbe.Train"/>).
/// </summary>
internal sealed class SweepSgd : IDisposable
{
    private static readonly Scalar Momentum = Of(0.9);

    private readonly (Tensor Param, Tensor Buffer, Tensor Lr, Tensor Decay)[] state;
    private bool started;

    /// <param name="lr">The learning rate of each output column.</param>
    /// <param name="weightDecay">The weight decay of each output column.</param>
    public SweepSgd(Linear head, Tensor lr, Tensor weightDecay)
    {
        state =
        [
            (head.Weight, zeros_like(head.Weight), lr.unsqueeze(1), weightDecay.unsqueeze(1)),
            (head.Bias!, zeros_like(head.Bias!), lr, weightDecay),
        ];
    }

    /// <summary>One update, each column's learning rate times <paramref name="lrFactor"/> (the schedule's).</summary>
    public void Step(double lrFactor)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        using var factor = Of(lrFactor);
        foreach (var (param, buffer, lr, decay) in state)
        {
            var d = param.grad!.add(param.mul(decay), One);
            if (started) buffer.mul_(Momentum).add_(d, One);
            else buffer.copy_(d);
            param.sub_(d.add_(buffer, Momentum).mul_(lr).mul_(factor));
        }
        started = true;
    }

    public void Dispose()
    {
        foreach (var (_, buffer, lr, decay) in state)
        {
            buffer.Dispose();
            lr.Dispose();
            decay.Dispose();
        }
    }
}
