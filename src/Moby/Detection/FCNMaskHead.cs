using Moby.Nn;
using Moby.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's FCNMaskHead as the Swin Mask R-CNN configs build it: <c>convs</c> (four 3x3 conv + ReLU, no norm), a 2x2
/// stride-2 transposed convolution with ReLU (<c>upsample</c>), and a 1x1 convolution to one mask logit map per class
/// (<c>conv_logits</c>): 14 x 14 RoI features become 28 x 28 masks. The loss is the sigmoid cross-entropy of each
/// positive RoI's map for its ground truth class against its mask target, averaged over pixels and RoIs.
/// Initialised as mmdet: He normal (fan out) with bias 0 everywhere.
/// </summary>
internal sealed class FCNMaskHead : nn.Module
{
    private readonly ModuleList<ConvModule> convs = new();
    private readonly ConvTranspose2d upsample;
    private readonly Conv2d conv_logits;

    public FCNMaskHead(long inChannels, long convChannels, int numConvs, int numClasses) : base(nameof(FCNMaskHead))
    {
        if (numConvs < 0) throw new ArgumentException($"The mask head's convolutions cannot be negative, got {numConvs}.");
        for (int i = 0; i < numConvs; i++) convs.Add(new ConvModule(i == 0 ? inChannels : convChannels, convChannels, 3, norm: false));
        long upsampleIn = numConvs > 0 ? convChannels : inChannels;
        upsample = nn.ConvTranspose2d(upsampleIn, convChannels, 2, stride: 2);
        conv_logits = nn.Conv2d(convChannels, numClasses, 1);
        using (no_grad())
        {
            nn.init.kaiming_normal_(upsample.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            nn.init.kaiming_normal_(conv_logits.weight, mode: nn.init.FanInOut.FanOut, nonlinearity: nn.init.NonlinearityType.ReLU);
            upsample.bias!.zero_();
            conv_logits.bias!.zero_();
        }
        RegisterComponents();
    }

    /// <summary>Mask logits [K, classes, 2P, 2P] of RoI features [K, C, P, P].</summary>
    public Tensor Forward(Tensor roiFeatures)
    {
        using var scope = NewDisposeScope();
        var x = roiFeatures;
        foreach (var conv in convs) x = conv.call(x);
        x = nn.functional.relu(upsample.call(x));
        return conv_logits.call(x).MoveToOuterDisposeScope();
    }

    /// <summary>mmdet's mask_cross_entropy: logits [K, classes, S, S] of each RoI's class against targets [K, S, S].</summary>
    public static Tensor Loss(Tensor logits, Tensor targets, Tensor labels)
    {
        if (logits.shape[0] == 0) return logits.sum();
        using var scope = NewDisposeScope();
        var rows = Arange(logits.shape[0], ScalarType.Int64, logits.device);
        var chosen = logits.index(TensorIndex.Tensor(rows), TensorIndex.Tensor(labels));
        return nn.functional.binary_cross_entropy_with_logits(chosen, targets).MoveToOuterDisposeScope();
    }
}
