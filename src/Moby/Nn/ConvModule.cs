using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>
/// mmcv's ConvModule: a convolution (key <c>conv</c>), an optional BatchNorm (key <c>bn</c>) and an optional ReLU. With
/// the norm the convolution has no bias (mmcv's bias 'auto'). mmseg's heads use conv + BN + ReLU; mmdet's FPN a bare
/// convolution, its mask head conv + ReLU. Initialised as mmcv does: He normal (fan out, ReLU gain) for the convolution,
/// bias 0, weight 1 and bias 0 for the norm. The norm is mmseg's SyncBN (the Swin UPerNet configs' <c>norm_cfg</c>):
/// BatchNorm2d in one process, the global batch's statistics when data parallelism (DataParallel) trains the model
/// over several.
/// </summary>
internal sealed class ConvModule : nn.Module<Tensor, Tensor>
{
    private readonly Conv2d conv;
    private readonly SyncBatchNorm? bn;
    private readonly bool activation;

    public ConvModule(long inChannels, long outChannels, long kernel, bool norm = true, bool activation = true) : base(nameof(ConvModule))
    {
        conv = nn.Conv2d(inChannels, outChannels, kernel, padding: kernel / 2, bias: !norm);
        bn = norm ? new SyncBatchNorm(outChannels) : null;
        this.activation = activation;
        using (no_grad())
        {
            nn.init.kaiming_normal_(conv.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            conv.bias?.zero_();
        }
        register_module("conv", conv);
        if (bn is not null) register_module("bn", bn);
    }

    /// <summary>The convolution, for initialisations other than mmcv's (mmdet's FPN re-initialises it).</summary>
    public Conv2d Conv => conv;

    public override Tensor forward(Tensor x)
    {
        if (bn is null && !activation) return conv.call(x);
        using var convolved = conv.call(x);
        if (bn is null) return nn.functional.relu(convolved);
        using var normed = bn.call(convolved);
        return activation ? nn.functional.relu(normed) : normed.alias();
    }
}
