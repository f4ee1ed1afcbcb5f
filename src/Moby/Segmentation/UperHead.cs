using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Segmentation;

/// <summary>
/// UPerNet's head as mmseg's UPerHead: pyramid pooling on the last stage (<c>psp_modules</c>, fused by the 3x3
/// <c>bottleneck</c>) as the top of an FPN whose other levels are 1x1 <c>lateral_convs</c> of the earlier stages; a
/// top-down pass adds each level, resized, to the one below; 3x3 <c>fpn_convs</c> smooth all but the top; every level is
/// resized to the finest (stride 4), concatenated and fused by the 3x3 <c>fpn_bottleneck</c>, then classified. Takes
/// however many stages the backbone has (at least two).
/// </summary>
internal sealed class UperHead : DecodeHead
{
    private readonly PyramidPoolingModule psp_modules;
    private readonly ConvModule bottleneck;
    private readonly ModuleList<ConvModule> lateral_convs = new();
    private readonly ModuleList<ConvModule> fpn_convs = new();
    private readonly ConvModule fpn_bottleneck;

    public UperHead(IReadOnlyList<long> inChannels, long channels, IReadOnlyList<int> poolScales, int numClasses, double dropout)
        : base(nameof(UperHead), channels, numClasses, dropout)
    {
        if (inChannels.Count < 2) throw new ArgumentException($"UPerNet needs at least two backbone stages, got {inChannels.Count}.");
        psp_modules = new PyramidPoolingModule(poolScales, inChannels[^1], channels);
        bottleneck = new ConvModule(inChannels[^1] + poolScales.Count * channels, channels, 3);
        foreach (long width in inChannels.Take(inChannels.Count - 1))
        {
            lateral_convs.Add(new ConvModule(width, channels, 1));
            fpn_convs.Add(new ConvModule(channels, channels, 3));
        }
        fpn_bottleneck = new ConvModule(inChannels.Count * channels, channels, 3);
        RegisterComponents();
    }

    public override Tensor forward(List<Tensor> inputs)
    {
        using var scope = NewDisposeScope();
        var laterals = lateral_convs.Select((conv, i) => conv.call(inputs[i])).Append(PyramidPooling(inputs[^1])).ToList();
        for (int i = laterals.Count - 1; i > 0; i--)
            laterals[i - 1] = laterals[i - 1].add(Resize.Like(laterals[i], laterals[i - 1]), One);
        var levels = fpn_convs.Select((conv, i) => conv.call(laterals[i])).Append(laterals[^1]).ToList();
        for (int i = levels.Count - 1; i > 0; i--) levels[i] = Resize.Like(levels[i], levels[0]);
        var fused = fpn_bottleneck.call(cat(levels, 1));
        return Classify(fused).MoveToOuterDisposeScope();
    }

    private Tensor PyramidPooling(Tensor top)
    {
        var pooled = psp_modules.call(top);
        pooled.Insert(0, top);
        return bottleneck.call(cat(pooled, 1));
    }
}
