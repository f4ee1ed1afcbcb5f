using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// mmcv's ConvModule as mmseg's heads use it: a bias-free convolution (key <c>conv</c>), BatchNorm (key <c>bn</c>), ReLU.
/// Initialised as mmcv does: He normal (fan out, ReLU gain) for the convolution, weight 1 and bias 0 for the norm.
/// The norm is mmseg's SyncBN (the Swin UPerNet configs' <c>norm_cfg</c>): BatchNorm2d in one process, the global
/// batch's statistics when <see cref="Training.DataParallel"/> trains the model over several.
/// </summary>
internal sealed class ConvModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly SyncBatchNorm bn;

    public ConvModule(long inChannels, long outChannels, long kernel) : base(nameof(ConvModule))
    {
        conv = nn.Conv2d(inChannels, outChannels, kernel, padding: kernel / 2, bias: false);
        bn = new SyncBatchNorm(outChannels);
        using (no_grad()) nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var convolved = conv.call(x);
        using var normed = bn.call(convolved);
        return nn.functional.relu(normed);
    }
}
