using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Distributed;

/// <summary>
/// Sum over ranks as an autograd function: y = sum_r x_r, so dL/dx_r = sum_r' dL_r'/dy, the backward is the same
/// all-reduce. Statistics built from it (SyncBatchNorm's mean and variance) get exact global gradients from
/// ordinary tensor ops. Call as <c>DistributedSum.apply(x, communicator)</c>.
/// </summary>
internal sealed class DistributedSum : autograd.SingleTensorFunction<DistributedSum>
{
    private const string WorldKey = "world";

    public override string Name => nameof(DistributedSum);

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var world = (ICommunicator)vars[1];
        ctx.save_data(WorldKey, world);
        var sum = ((Tensor)vars[0]).contiguous().clone();
        world.AllReduceSum(sum);
        return sum;
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var sum = grad_output.contiguous().clone();
        ((ICommunicator)ctx.get_data(WorldKey)).AllReduceSum(sum);
        return [sum, null!]; // one gradient per argument: none for the communicator
    }
}
