using Moby.Backbones.Swin;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Segmentation;

/// <summary>The loop shared by segment and detect training, through the segmentation trainer.</summary>
public class TransferTrainerTests
{
    [Fact]
    public void AValidationThatFailsLeavesTheEpochsCheckpoint()
    {
        using var dir = new TempDir();
        string scenes = TinyScenes.Write(dir);
        var tree = TinyScenes.Tree(scenes, dir.Path, "failing", 2, "MOBYNET.SEG.EVAL_EVERY=1");
        var backbone = PyramidTransfer.Config(Moby.Config.ModelConfigs.Encoder(tree) as SwinConfig ?? throw new InvalidOperationException(), null, 0);
        using var model = new SegmentationModel(SegmentationRecipe.Model(tree, backbone, 11));
        var loader = TinyScenes.Loader(scenes, 4);
        var checkpoints = new PyramidCheckpoint(dir.File("run"), tree.AsDictionary(), PyramidArchitecture.Segmentation, backbone,
                                                Enumerable.Range(0, 11).Select(c => $"c{c}").ToArray());
        Directory.CreateDirectory(checkpoints.Directory);
        using var trainer = new SegmentationTrainer(model, SegmentationRecipe.Settings(tree), loader, checkpoints,
                                                    _ => throw new IOException("a damaged validation image"), new Observers());
        Assert.Throws<IOException>(() => trainer.Run());
        Assert.True(File.Exists(checkpoints.LatestPath), "the epoch before the failed validation was not saved");
    }
}
