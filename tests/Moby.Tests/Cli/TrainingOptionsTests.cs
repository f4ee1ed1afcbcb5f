using Moby.Cli.Commands;
using Xunit;

namespace Moby.Tests.Cli;

/// <summary>pretrain, finetune, segment train and detect train share one set of training options; each maps them onto its own keys.</summary>
public class TrainingOptionsTests
{
    private static readonly string Scenes = RepoFiles.Path("configs/upernet_swin_fmnist_scenes.yaml");

    [Fact]
    public void SegmentTrainMapsTheSharedOptionsOntoItsKeys()
    {
        var tree = new SegmentTrainCommand.Settings
        {
            Config = Scenes, Data = "segfolder:/d", BatchSize = 3, Iters = 7, Minutes = 1.5, Output = "o", Tag = "t",
            Precision = "fp32", Device = "cpu", Threads = 1, Opts = ["MOBYNET.SEG.ITERS=9"],
        }.Tree();
        Assert.Equal("segfolder:/d", tree.String("MOBYNET.SEG.DATA"));
        Assert.Equal("fashion-mnist", tree.String("MOBYNET.DATA"));
        Assert.Equal(3, tree.Int("MOBYNET.SEG.BATCH_SIZE"));
        Assert.Equal(9, tree.Int("MOBYNET.SEG.ITERS")); // --opt comes last
        Assert.Equal((1.5, "o", "t", "fp32", "cpu", 1), (tree.Double("MOBYNET.MAX_MINUTES"), tree.String("OUTPUT"), tree.String("TAG"),
                                                         tree.String("MOBYNET.PRECISION"), tree.String("MOBYNET.DEVICE"), tree.Int("MOBYNET.THREADS")));
    }

    [Fact]
    public void PretrainAndFinetuneMapDataBatchAndEpochs()
    {
        var pretrain = new PretrainCommand.Settings { Config = RepoFiles.Path("configs/moby_swin_fmnist.yaml"), Data = "synthetic:8", BatchSize = 5, Epochs = 2, Tag = "x" }.Tree();
        Assert.Equal(("synthetic:8", 5, 2, "x"), (pretrain.String("MOBYNET.DATA"), pretrain.Int("DATA.BATCH_SIZE"), pretrain.Int("TRAIN.EPOCHS"), pretrain.String("TAG")));
        var finetune = new FinetuneCommand.Settings { Config = RepoFiles.Path("configs/finetune_swin_fmnist.yaml"), Weights = "w", Epochs = 3, Labels = "10%" }.Tree();
        Assert.Equal((3, "10%"), (finetune.Int("TRAIN.EPOCHS"), finetune.String("FINETUNE.LABELS")));
    }

    [Fact]
    public void DetectTrainMapsTheSharedOptionsOntoItsKeys()
    {
        var tree = new DetectTrainCommand.Settings
        {
            Config = RepoFiles.Path("configs/mask_rcnn_swin_fmnist_scenes.yaml"), Data = "coco:/d", BatchSize = 3, Epochs = 7, Tag = "t", Opts = ["MOBYNET.DET.GAMMA=0.5"],
        }.Tree();
        Assert.Equal(("coco:/d", 3, 7, "t", 0.5), (tree.String("MOBYNET.DET.DATA"), tree.Int("MOBYNET.DET.BATCH_SIZE"), tree.Int("MOBYNET.DET.EPOCHS"),
                                                   tree.String("TAG"), tree.Double("MOBYNET.DET.GAMMA")));
        Assert.Equal("--epochs must be in [1, 100000], got 0.", new DetectTrainCommand.Settings { Epochs = 0 }.Validate().Message);
        Assert.Equal("--batch-size must be in [1, 65536], got 0.", new DetectTrainCommand.Settings { BatchSize = 0 }.Validate().Message);
    }

    [Fact]
    public void DetectTrainHelpNamesItsOptionsAndAnExample()
    {
        var (code, output) = HelpTests.Help(["detect", "train"]);
        Assert.True(code == 0, output);
        foreach (var text in new[] { "--weights", "--from-scratch", "--epochs", "--data", "--resume", "--minutes", "MOBYNET.DET.BATCH_SIZE", "detect train --weights checkpoint.pth --data coco:data/scenes" })
            Assert.Contains(text, output);
    }

    [Fact]
    public void SegmentTrainChecksItsBatchAgainstItsOwnKey()
    {
        Assert.Equal("--batch-size must be in [1, 65536], got 0.", new SegmentTrainCommand.Settings { BatchSize = 0 }.Validate().Message);
        Assert.True(new SegmentTrainCommand.Settings { BatchSize = 2, Iters = 1 }.Validate().Successful);
    }
}
