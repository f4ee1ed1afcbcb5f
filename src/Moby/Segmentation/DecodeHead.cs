using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// What mmseg's decode heads share (BaseDecodeHead): dropout then a 1x1 classifier (key <c>conv_seg</c>, initialised
/// N(0, 0.01) with zero bias) on the head's final features.
/// </summary>
internal abstract class DecodeHead : nn.Module<List<Tensor>, Tensor>
{
    private readonly Dropout dropout;
    private readonly Conv2d conv_seg;

    protected DecodeHead(string name, long channels, int numClasses, double dropoutRatio) : base(name)
    {
        dropout = nn.Dropout(dropoutRatio);
        conv_seg = nn.Conv2d(channels, numClasses, 1);
        using (no_grad())
        {
            nn.init.normal_(conv_seg.weight, 0, 0.01);
            nn.init.zeros_(conv_seg.bias!);
        }
        // Registered by name here: a subclass's RegisterComponents does not see a base class's private fields.
        register_module("conv_seg", conv_seg);
        register_module("dropout", dropout);
    }

    /// <summary>Class logits of the head's features.</summary>
    protected Tensor Classify(Tensor features)
    {
        using var dropped = dropout.call(features);
        return conv_seg.call(dropped);
    }
}
