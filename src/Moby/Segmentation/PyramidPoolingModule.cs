using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// PSPNet's pyramid pooling (mmseg's PPM): for each scale s, adaptive average pooling to s x s then a 1x1
/// <see cref="ConvModule"/> (keys <c>{i}.1.conv</c>, <c>{i}.1.bn</c>: index 0 of each branch is the pooling), each
/// result resized back to the input's size.
/// </summary>
internal sealed class PyramidPoolingModule : nn.Module<Tensor, List<Tensor>>
{
    private readonly List<Sequential> branches = [];

    public PyramidPoolingModule(IReadOnlyList<int> scales, long inChannels, long channels) : base(nameof(PyramidPoolingModule))
    {
        // Registered by index, as mmseg's PPM (a ModuleList subclass) names them: psp_modules.{i}.1.conv.
        foreach (int scale in scales)
        {
            var branch = nn.Sequential(("0", nn.AdaptiveAvgPool2d(scale)), ("1", new ConvModule(inChannels, channels, 1)));
            register_module($"{branches.Count}", branch);
            branches.Add(branch);
        }
    }

    public override List<Tensor> forward(Tensor x)
    {
        var outputs = new List<Tensor>(branches.Count);
        foreach (var branch in branches)
        {
            using var pooled = branch.call(x);
            outputs.Add(Resize.Like(pooled, x));
        }
        return outputs;
    }
}
