using Moby.Optim;
using Moby.Segmentation;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Segmentation;

/// <summary>The optimisation pieces of the Swin UPerNet recipe and its loss, on hand-computed values.</summary>
public class SegmentationRecipeTests
{
    [Fact]
    public void PolyScheduleWarmsUpLinearlyOnTheDecayingRate()
    {
        var schedule = new PolySchedule(BaseLr: 1e-3, MinLr: 0, Power: 1, WarmupSteps: 10, WarmupRatio: 0.1, TotalSteps: 100);
        Assert.Equal(1e-3 * 0.1, schedule.At(0), 15);                      // k = 1 * 0.9: the regular rate times 0.1
        Assert.Equal(1e-3 * 0.95 * (1 - 0.5 * 0.9), schedule.At(5), 15);    // regular 0.95e-3, k = (1 - 5/10) * 0.9
        Assert.Equal(1e-3 * 0.9, schedule.At(10), 15);
        Assert.Equal(1e-3 * 0.01, schedule.At(99), 15);
        Assert.Equal(0, schedule.At(100), 15);
        var squared = new PolySchedule(1e-3, 1e-5, 2, 0, 1e-6, 100);
        Assert.Equal((1e-3 - 1e-5) * 0.25 + 1e-5, squared.At(50), 15);
    }

    [Fact]
    public void NormsAndPositionTablesGetNoWeightDecayEverythingElseDoes()
    {
        using var scope = NewDisposeScope();
        (string, TorchSharp.Modules.Parameter) P(string name) => (name, new TorchSharp.Modules.Parameter(zeros(2)));
        var groups = KeywordDecayGroups.Split([P("backbone.layers.0.blocks.0.norm1.weight"), P("backbone.norm2.bias"),
            P("backbone.layers.0.blocks.0.attn.relative_position_bias_table"), P("backbone.layers.0.blocks.0.attn.qkv.bias"),
            P("decode_head.bottleneck.bn.weight"), P("decode_head.conv_seg.weight")], 0.01, KeywordDecayGroups.Swin);
        Assert.Equal(0.01, groups[0].WeightDecay);
        Assert.Equal(["backbone.layers.0.blocks.0.attn.qkv.bias", "decode_head.bottleneck.bn.weight", "decode_head.conv_seg.weight"],
                     groups[0].Parameters.Select(p => p.Name));
        Assert.Equal(0.0, groups[1].WeightDecay);
        Assert.Equal(3, groups[1].Parameters.Count);
    }

    [Fact]
    public void LossAveragesOverAllPixelsWithIgnoredOnesCountingZero()
    {
        using var scope = NewDisposeScope();
        // Two classes, one row of 2 pixels: logits (0, ln 3) give p(class 1) = 3/4, p(class 0) = 1/4.
        var logits = tensor(new float[] { 0, 0, (float)Math.Log(3), (float)Math.Log(3) }, [1, 2, 1, 2]);
        var labels = tensor(new long[] { 1, 255 }, [1, 1, 2]);
        using var output = new SegmentationOutput(logits.alias(), null);
        double value = new SegmentationLoss(0.4, null).Compute(output, labels).item<float>();
        Assert.Equal(-Math.Log(0.75) / 2, value, 6); // mmseg 0.x: the ignored pixel is a zero in the mean
        var weighted = new SegmentationLoss(0.4, [1f, 2f]).Compute(output, labels).item<float>();
        Assert.Equal(-2 * Math.Log(0.75) / 2, weighted, 6);
        using var both = new SegmentationOutput(logits.alias(), logits.alias());
        Assert.Equal(1.4 * -Math.Log(0.75) / 2, new SegmentationLoss(0.4, null).Compute(both, labels).item<float>(), 6);
    }
}
