using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Data;
using Moby.Data.Detection;
using Moby.Detection;
using Moby.Runs;
using Moby.Tests.Segmentation;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Detection;

/// <summary>The optimisation of a detection run: defaults.yaml holds the Swin Mask R-CNN 1x recipe, the scenes config
/// its scaled values; the trainer's AdamW groups and rates are mmcv's.</summary>
public class DetectionTrainingRecipeTests
{
    [Fact]
    public void DefaultsAreTheSwinMaskRcnnOneXRecipe()
    {
        var settings = DetectionRecipe.Settings(ConfigTree.Defaults());
        Assert.Equal((12, 16, 1e-4, 0.05, 500, 0.001, 0.1, 1), (settings.Epochs, settings.BatchSize, settings.Lr, settings.WeightDecay,
                     settings.WarmupIterations, settings.WarmupRatio, settings.Gamma, settings.EvalEvery));
        Assert.Equal([8, 11], settings.Steps);
        Assert.Equal([0.9, 0.999], settings.Betas);
        Assert.Equal(1e-8, settings.Eps);
        // lr = BASE_LR x global batch / 16
        Assert.Equal(2e-4, DetectionRecipe.Settings(ConfigTree.Defaults(), processes: 2).Lr, 15);
        Assert.Equal(1.25e-5, DetectionRecipe.Settings(ConfigTree.Load(null, ["MOBYNET.DET.BATCH_SIZE=2"])).Lr, 15);
    }

    [Fact]
    public void TheScenesConfigKeepsTheShapeOfTheScheduleOnItsEpochs()
    {
        var tree = ConfigTree.Load(RepoFiles.Path("configs/mask_rcnn_swin_fmnist_scenes.yaml"));
        var settings = DetectionRecipe.Settings(tree);
        Assert.Equal(16, settings.BatchSize);
        Assert.True(settings.Steps.Length == 2 && settings.Steps[1] < settings.Epochs, $"steps {string.Join(", ", settings.Steps)} of {settings.Epochs} epochs");
        Assert.True(settings.WarmupIterations < 2000 / 16, "the warmup is shorter than an epoch of the 2000 training scenes");
        Assert.Equal("coco:data/scenes", tree.String("MOBYNET.DET.DATA"));
        Assert.Equal([64, 64], tree.Ints("MOBYNET.DET.TEST_SCALE"));    // the 64 px scenes as they are, not mmdet's 800 px
        Assert.Equal(64, DetectionDataRecipe.Training(tree).ShortMax);
    }

    [Fact]
    public void StepsMustIncrease()
    {
        var e = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.DET.STEPS=[11, 8]"]));
        Assert.Contains("'MOBYNET.DET.STEPS' must be in increasing order", e.Message);
        Assert.Empty(ConfigTree.Load(null, ["MOBYNET.DET.STEPS=[]"]).Ints("MOBYNET.DET.STEPS"));
    }

    [Fact]
    public void NormsAndPositionTablesGetNoDecayAndTheRateFollowsTheEpochs()
    {
        using var dir = new TempDir();
        var tree = TinyDetection.Tree(TinyScenes.Write(dir), dir.Path, "groups", 3, "MOBYNET.DET.STEPS=[1, 2]", "MOBYNET.DET.BASE_LR=0.016");
        var set = DetectionDataRecipe.Open(tree, null, DataSplit.Train, null);
        var backbone = DetectionRecipe.Backbone(tree, (SwinConfig)ModelConfigs.Encoder(tree));
        using var model = new MaskRCNN(DetectionRecipe.Model(tree, backbone, set.NumClasses));
        var transform = new DetectionTransform(DetectionDataRecipe.Training(tree), SegmentationRecipe.Input(1));
        var loader = new DetectionLoader(set, DetectionDataRecipe.TrainingIndices(tree, set), transform, batchSize: 2, seed: 0, workers: 1);
        using var trainer = new DetectionTrainer(model, DetectionRecipe.Settings(tree), loader, null, null, new Observers());

        var (decay, noDecay) = (trainer.Groups[0], trainer.Groups[1]);
        Assert.Equal((0.05, 0.0), (decay.WeightDecay, noDecay.WeightDecay));
        Assert.Equal(model.parameters().Count(), decay.Parameters.Count + noDecay.Parameters.Count);
        var exempt = noDecay.Parameters.Select(p => p.Name).ToHashSet();
        Assert.All(exempt, name => Assert.True(name.Contains("norm") || name.Contains("relative_position_bias_table"), name));
        foreach (var name in new[] { "backbone.patch_embed.norm.weight", "backbone.layers.0.blocks.0.norm1.bias", "backbone.layers.0.downsample.norm.weight",
                                     "backbone.layers.1.blocks.0.attn.relative_position_bias_table", "backbone.norm2.weight" })
            Assert.Contains(name, exempt);
        // Biases decay (mmcv's bias_decay_mult is unset in the Swin configs), and so do every head and the FPN.
        foreach (var name in new[] { "backbone.layers.0.blocks.0.attn.qkv.bias", "backbone.patch_embed.proj.weight", "neck.lateral_convs.0.conv.bias",
                                     "rpn_head.rpn_conv.weight", "roi_head.bbox_head.fc_cls.weight", "roi_head.mask_head.upsample.weight" })
            Assert.Contains(name, decay.Parameters.Select(p => p.Name));

        int perEpoch = loader.BatchesPerEpoch;
        Assert.True(perEpoch >= 2);
        double lr = 0.016 * 2 / 16;
        Assert.Equal(lr * 0.001, trainer.LearningRate(0), 15);                     // warmup from WARMUP_RATIO
        Assert.Equal(lr * (1 - 0.5 * 0.999), trainer.LearningRate(1), 15);         // WARMUP_ITERS 2
        Assert.Equal(lr, trainer.LearningRate(perEpoch - 1), 15);
        Assert.Equal(lr * 0.1, trainer.LearningRate(perEpoch), 15);                // epoch 1
        Assert.Equal(lr * 0.01, trainer.LearningRate(2 * perEpoch), 15);           // epoch 2
    }
}
