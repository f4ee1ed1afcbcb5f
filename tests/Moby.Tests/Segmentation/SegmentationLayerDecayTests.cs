using Moby.Backbones.Swin;
using Moby.Optim;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Segmentation;

/// <summary>Layer-wise learning-rate decay of the segmentation backbone (MOBYNET.SEG.LAYER_DECAY), against rates worked out by hand.</summary>
public class SegmentationLayerDecayTests
{
    private static readonly SwinConfig Backbone = PyramidTransfer.Config(SegmentationModelTests.Pretrained, null, 0);

    private static IReadOnlyList<ParameterGroup> Groups(double decay)
    {
        using var model = new SegmentationModel(SegmentationModelTests.Micro(Backbone));
        return SegmentationParameterGroups.Split(model.named_parameters().Select(p => (p.name, p.parameter)), Backbone, 0.01, decay);
    }

    [Fact]
    public void BlocksAreScaledByDepthAndOutputNormsAndHeadsTrainAtTheFullRate()
    {
        var groups = Groups(0.5);
        var scales = groups.SelectMany(g => g.Parameters.Select(p => (p.Name, g.LrScale))).ToList();
        Assert.Equal(scales.Count, scales.Select(s => s.Name).Distinct().Count()); // every parameter in one group
        // Depths 1, 2, 1: L = 4 blocks; layer id i trains at 0.5^(L + 1 - i).
        (string Prefix, double Scale)[] expected =
        [
            ("backbone.patch_embed.", 1.0 / 32),             // id 0 (the conv stem too)
            ("backbone.layers.0.blocks.0.", 1.0 / 16),       // id 1
            ("backbone.layers.0.downsample.", 1.0 / 16),     // with its stage's last block
            ("backbone.layers.1.blocks.0.", 1.0 / 8),        // id 2
            ("backbone.layers.1.blocks.1.", 1.0 / 4),        // id 3
            ("backbone.layers.1.downsample.", 1.0 / 4),
            ("backbone.layers.2.blocks.0.", 1.0 / 2),        // id 4
            ("backbone.norm0.", 1.0), ("backbone.norm2.", 1.0), ("decode_head.", 1.0), ("auxiliary_head.", 1.0),
        ];
        foreach (var (prefix, scale) in expected)
        {
            var matching = scales.Where(s => s.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(matching);
            Assert.All(matching, s => Assert.True(s.LrScale == scale, $"{s.Name}: {s.LrScale}, expected {scale}"));
        }
        double WeightDecay(string name) => groups.Single(g => g.Parameters.Any(p => p.Name == name)).WeightDecay;
        Assert.Equal(0.01, WeightDecay("backbone.layers.1.blocks.1.attn.qkv.weight"));
        Assert.Equal(0.0, WeightDecay("backbone.layers.1.blocks.1.norm1.weight"));
        Assert.Equal(0.0, WeightDecay("backbone.layers.1.blocks.1.attn.relative_position_bias_table"));
        Assert.Equal(0.01, WeightDecay("decode_head.conv_seg.bias")); // mmcv decays biases and the heads' BatchNorm
    }

    [Fact]
    public void WithoutDecayTheGroupsAreMmcvsDefaultOnes()
    {
        var plain = Groups(1.0);
        Assert.Equal(2, plain.Count);
        Assert.All(plain, g => Assert.Equal(1.0, g.LrScale));
        using var model = new SegmentationModel(SegmentationModelTests.Micro(Backbone));
        var mmcv = KeywordDecayGroups.Split(model.named_parameters().Select(p => (p.name, p.parameter)), 0.01, KeywordDecayGroups.Swin);
        Assert.Equal(mmcv.Select(g => g.Parameters.Select(p => p.Name)), plain.Select(g => g.Parameters.Select(p => p.Name)));
    }

    [Fact]
    public void TheTrainerTakesTheDecayFromTheConfiguration()
    {
        using var dir = new TempDir();
        string scenes = TinyScenes.Write(dir);
        var tree = TinyScenes.Tree(scenes, dir.Path, "decay", 1, "MOBYNET.SEG.LAYER_DECAY=0.9");
        var settings = SegmentationRecipe.Settings(tree);
        Assert.Equal(0.9, settings.LayerDecay);
        var backbone = PyramidTransfer.Config(Moby.Config.ModelConfigs.Encoder(tree) as SwinConfig ?? throw new InvalidOperationException(), null, 0);
        using var model = new SegmentationModel(SegmentationRecipe.Model(tree, backbone, 11));
        using var trainer = new SegmentationTrainer(model, settings, TinyScenes.Loader(scenes, 4), null, null, new Observers());
        // Depths 1, 2: L = 3; the first group is the patch embedding's at 0.9^4.
        Assert.Equal(Math.Pow(0.9, 4), trainer.Groups[0].LrScale, 12);
        Assert.Equal(1.0, trainer.Groups[^1].LrScale);
        Assert.Contains("in (0, 1]", Assert.Throws<Moby.Config.ConfigException>(() => TinyScenes.Tree(scenes, dir.Path, "x", 1, "MOBYNET.SEG.LAYER_DECAY=0")).Message);
    }
}
