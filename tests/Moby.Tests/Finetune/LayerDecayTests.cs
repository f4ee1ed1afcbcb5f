using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Finetune;
using Moby.Optim;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Finetune;

/// <summary>Layer-wise learning-rate decay: the layer ids of the formula, the groups' rates and decays, and AdamW applying them.</summary>
public class LayerDecayTests
{
    /// <summary>
    /// The formula written out for a three-stage Swin of depths 2-2-2 (L = 6): stem 0; blocks 1..6 through the stages;
    /// each PatchMerging with its stage's last block; the final norm and the head L + 1 = 7.
    /// </summary>
    [Theory]
    [InlineData("patch_embed.stem.stages.0.conv.weight", 0)]
    [InlineData("patch_embed.proj.weight", 0)]
    [InlineData("patch_embed.norm.bias", 0)]
    [InlineData("layers.0.blocks.0.attn.qkv.weight", 1)]
    [InlineData("layers.0.blocks.1.mlp.fc2.bias", 2)]
    [InlineData("layers.0.downsample.reduction.weight", 2)]
    [InlineData("layers.1.blocks.0.norm1.weight", 3)]
    [InlineData("layers.1.blocks.1.attn.relative_position_bias_table", 4)]
    [InlineData("layers.1.downsample.norm.weight", 4)]
    [InlineData("layers.2.blocks.0.attn.proj.weight", 5)]
    [InlineData("layers.2.blocks.1.mlp.fc1.weight", 6)]
    [InlineData("norm.weight", 7)]
    [InlineData("head.weight", 7)]
    public void SwinLayerIds(string name, int id) =>
        Assert.Equal(id, LayerDecay.LayerId(name, BackboneRegistry.Get("swin_micro_patch4_window8_32")));

    [Theory]
    [InlineData("cls_token", 0)]
    [InlineData("pos_embed", 0)]
    [InlineData("patch_embed.proj.bias", 0)]
    [InlineData("blocks.0.attn.qkv.weight", 1)]
    [InlineData("blocks.3.norm2.bias", 4)]
    [InlineData("norm.bias", 5)]
    [InlineData("head.bias", 5)]
    public void VitLayerIds(string name, int id) => Assert.Equal(id, LayerDecay.LayerId(name, BackboneRegistry.Get("deit_nano_patch4_28")));

    [Theory]
    [InlineData("layers.3.blocks.0.attn.qkv.weight")]
    [InlineData("layers.0.blocks.2.attn.qkv.weight")]
    [InlineData("something.else")]
    public void NamesOutsideTheArchitectureHaveNoLayerId(string name) =>
        Assert.Throws<ArgumentException>(() => LayerDecay.LayerId(name, BackboneRegistry.Get("swin_micro_patch4_window8_32")));

    /// <summary>Every trainable parameter of a classifier in exactly one group, at decay^(L + 1 - id), decayed unless a norm, bias or position table.</summary>
    [Theory]
    [InlineData("swin_micro_patch4_window8_32", true)]
    [InlineData("swin_mini_patch2_window4_32", false)]
    [InlineData("deit_nano_patch4_28", false)]
    public void GroupsGiveEachParameterTheRateOfItsLayer(string preset, bool convStem)
    {
        var architecture = BackboneRegistry.Get(preset).WithConvStem(convStem);
        using var model = new Classifier(architecture.Create(), 10);
        const double decay = 0.8, weightDecay = 0.05;
        var groups = LayerDecay.Groups(model.TrainableParameters(), architecture, weightDecay, decay);
        var named = model.TrainableParameters().ToList();
        Assert.Equal(named.Count, groups.Sum(g => g.Parameters.Count));
        int blocks = LayerDecay.Blocks(architecture);
        foreach (var (name, parameter) in named)
        {
            var group = Assert.Single(groups, g => g.Parameters.Any(p => ReferenceEquals(p.Parameter, parameter)));
            int id = ExpectedId(name, architecture);
            Assert.Equal(Math.Pow(decay, blocks + 1 - id), group.LrScale, 12);
            bool noDecay = parameter.dim() == 1 || name.EndsWith(".bias") || name.Contains("relative_position_bias_table") || name is "pos_embed" or "cls_token";
            Assert.Equal(noDecay ? 0 : weightDecay, group.WeightDecay);
        }
        Assert.Contains(groups, g => g.LrScale == 1.0 && g.Parameters.Any(p => p.Name == "head.weight"));
    }

    /// <summary>The rule restated independently of <see cref="LayerDecay.LayerId"/>, from the stage depths.</summary>
    private static int ExpectedId(string name, IBackboneConfig architecture)
    {
        var depths = architecture is SwinConfig swin ? swin.Depths : [LayerDecay.Blocks(architecture)];
        int total = depths.Sum();
        var parts = name.Split('.');
        if (parts[0] is "patch_embed" or "pos_embed" or "cls_token" or "absolute_pos_embed") return 0;
        if (parts[0] is "norm" or "head") return total + 1;
        if (parts[0] == "blocks") return int.Parse(parts[1]) + 1;
        int stage = int.Parse(parts[1]);
        int before = depths.Take(stage).Sum();
        return parts[2] == "downsample" ? before + depths[stage] : before + int.Parse(parts[3]) + 1;
    }

    [Fact]
    public void AdamWScalesEachGroupsStepByItsRate()
    {
        var a = new Parameter(ones(4));
        var b = new Parameter(ones(4));
        a.grad = full(4, 0.5f);
        b.grad = full(4, 0.5f);
        using var optimizer = new Moby.Optim.AdamW([new ParameterGroup([("a", a)], 0.1, 1.0), new ParameterGroup([("b", b)], 0.1, 0.25)], learningRate: 0.01);
        optimizer.Step();
        // First Adam step: p * (1 - lr wd) - lr (the bias-corrected moments make the update lr x sign(grad)).
        Assert.Equal(1 * (1 - 0.01 * 0.1) - 0.01, a[0].item<float>(), 5);
        Assert.Equal(1 * (1 - 0.0025 * 0.1) - 0.0025, b[0].item<float>(), 5);
    }
}
