using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's FPN (start level 0, no norm, no activation, add_extra_convs False): a 1x1 lateral convolution per backbone
/// stage (<c>lateral_convs.i.conv</c>), the top-down path adding each coarser lateral upsampled by nearest neighbour
/// to the finer one's size, a 3x3 output convolution per stage (<c>fpn_convs.i.conv</c>), then <c>extraLevels</c> more
/// levels each taking every other pixel of the last (max pooling with kernel 1 and stride 2). mmdet's num_outs = stages
/// + extra levels (5 for Swin-T's 4 stages). Convolutions initialised Xavier-uniform with bias 0, as mmdet's FPN.
/// </summary>
internal sealed class FPN : nn.Module<List<Tensor>, List<Tensor>>
{
    private readonly ModuleList<ConvModule> lateral_convs = new();
    private readonly ModuleList<ConvModule> fpn_convs = new();
    private readonly int extraLevels;

    public FPN(IReadOnlyList<long> inChannels, long outChannels, int extraLevels) : base(nameof(FPN))
    {
        if (inChannels.Count == 0) throw new ArgumentException("An FPN needs at least one backbone stage.");
        if (extraLevels < 0) throw new ArgumentException($"The FPN's extra levels cannot be negative, got {extraLevels}.");
        this.extraLevels = extraLevels;
        foreach (var width in inChannels)
        {
            lateral_convs.Add(new ConvModule(width, outChannels, 1, norm: false, activation: false));
            fpn_convs.Add(new ConvModule(outChannels, outChannels, 3, norm: false, activation: false));
        }
        using (no_grad())
            foreach (var conv in lateral_convs.Concat(fpn_convs).Select(m => m.Conv))
            {
                nn.init.xavier_uniform_(conv.weight);
                conv.bias!.zero_();
            }
        RegisterComponents();
    }

    /// <summary>The number of output levels: the backbone's stages plus the pooled ones.</summary>
    public int NumOuts => lateral_convs.Count + extraLevels;

    public override List<Tensor> forward(List<Tensor> inputs)
    {
        if (inputs.Count != lateral_convs.Count) throw new ArgumentException($"The FPN takes {lateral_convs.Count} backbone maps, got {inputs.Count}.");
        using var scope = NewDisposeScope();
        var laterals = inputs.Select((x, i) => lateral_convs[i].call(x)).ToList();
        for (int i = laterals.Count - 1; i > 0; i--)
        {
            var finer = laterals[i - 1];
            var upsampled = nn.functional.interpolate(laterals[i], size: [finer.shape[2], finer.shape[3]], mode: InterpolationMode.Nearest);
            laterals[i - 1] = finer.add(upsampled, One);
        }
        var outs = laterals.Select((x, i) => fpn_convs[i].call(x)).ToList();
        for (int i = 0; i < extraLevels; i++) outs.Add(nn.functional.max_pool2d(outs[^1], 1, stride: 2));
        foreach (var output in outs) output.MoveToOuterDisposeScope();
        return outs;
    }
}
