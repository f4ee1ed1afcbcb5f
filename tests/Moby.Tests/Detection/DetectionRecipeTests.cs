using Moby.Config;
using Moby.Detection;
using Moby.Runs;
using Xunit;

namespace Moby.Tests.Detection;

/// <summary>MOBYNET.DET.* into the model: defaults.yaml holds mmdet's values, the scenes config its scaled ones.</summary>
public class DetectionRecipeTests
{
    private static MaskRCNNConfig FromTree(ConfigTree tree) =>
        DetectionRecipe.Model(tree, DetectionRecipe.Backbone(tree, MaskRCNNTests.Backbone with { Padded = false, StageWindows = null }), 10);

    /// <summary>The record's fields that come from the tree, as text (arrays by value).</summary>
    private static string Settings(MaskRCNNConfig c) => string.Join("; ",
        c.FpnChannels, c.ExtraLevels, string.Join(",", c.AnchorScales), string.Join(",", c.AnchorRatios), c.RpnSamples, c.RpnPosFraction,
        c.TrainProposals, c.TestProposals, c.RoiSamples, c.RoiPosFraction, c.FinestScale, c.BoxFcChannels, c.MaskChannels, c.MaskConvs,
        c.ScoreThr, c.NmsIou, c.MaxPerImg, c.MaskThr);

    [Fact]
    public void DefaultsAreMmdetsSwinMaskRcnn()
    {
        var config = FromTree(ConfigTree.Defaults());
        Assert.Equal(Settings(new MaskRCNNConfig { Backbone = config.Backbone, NumClasses = 10 }), Settings(config));
        Assert.Equal("256; 1; 8; 0.5,1,2; 256; 0.5; ProposalSettings { NmsPre = 2000, MaxPerImg = 1000, NmsIou = 0.7 }; " +
                     "ProposalSettings { NmsPre = 1000, MaxPerImg = 1000, NmsIou = 0.7 }; 512; 0.25; 56; 1024; 256; 4; 0.05; 0.5; 100; 0.5", Settings(config));
        Assert.Equal(0.2, config.Backbone.DropPathRate);
        Assert.True(config.Backbone.Padded);
        Assert.Null(config.Problem());
    }

    [Fact]
    public void TheScenesConfigScalesAnchorsWidthsAndRoIs()
    {
        var config = FromTree(ConfigTree.Load(RepoFiles.Path("configs/mask_rcnn_swin_fmnist_scenes.yaml")));
        Assert.Equal([2.0], config.AnchorScales);
        Assert.Equal([4, 8, 16, 32], config.LevelStrides);   // three stages of patch 4, one pooled level: anchors of 8 to 64 px
        Assert.Equal([4, 8, 16], config.StageStrides);
        Assert.Equal((64, 256, 64, 14.0), (config.FpnChannels, config.BoxFcChannels, config.MaskChannels, config.FinestScale));
        Assert.Equal((128, 128), (config.RpnSamples, config.RoiSamples));
        Assert.Equal(new ProposalSettings(1000, 300), config.TestProposals);
        Assert.Equal(0.1, config.Backbone.DropPathRate);
        Assert.Null(config.Problem());
    }

    [Fact]
    public void ABadValueIsRefusedWithItsKey()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.DET.ANCHOR_RATIOS=[0.5, -1]"]));
        Assert.Contains("MOBYNET.DET.ANCHOR_RATIOS", e.Message);
    }
}
