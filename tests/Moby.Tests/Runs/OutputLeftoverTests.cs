using Moby.Data;
using Moby.Data.Segmentation;
using Moby.Evaluation;
using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Data.Segmentation;
using Moby.Tests.Interop;
using Moby.Tests.Segmentation;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Runs;

/// <summary>
/// A command that fails on its input after checking its output leaves no empty output folder behind (nor the run folder,
/// lock file and parents of a training run it refused); a folder that existed stays as it was. The predict commands are
/// checked beside their other failures (PredictTests, HostileCheckpointTests, HostileDetectionCheckpointTests).
/// </summary>
public class OutputLeftoverTests
{
    private static (string Weights, string Model) Golden(TempDir dir) =>
        (GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"), dir.File("swin_micro.yaml", System.Text.Encoding.UTF8.GetBytes(Cli.CliTests.SwinMicroYaml)));

    [Fact]
    public void AnEvaluationOfDataThatDoesNotOpenLeavesNoResultsFolder()
    {
        using var dir = new TempDir();
        var (weights, model) = Golden(dir);
        Directory.CreateDirectory(dir.File("empty"));
        Assert.Throws<DataException>(() => EvaluationRun.Execute(weights, model, $"imagefolder:{dir.File("empty")}", null, dir.File("new/eval"),
                                                                 new EvaluationOptions { K = 3, LinearEpochs = 5 }, baselines: false));
        Assert.Throws<DataException>(() => OfficialLinearRun.Execute(weights, model, $"imagefolder:{dir.File("empty")}", null, dir.File("new/eval"), 0,
                                                                     new OfficialLinearOptions { Epochs = 1, BatchSize = 4, Workers = 1 }));
        Assert.False(Directory.Exists(dir.File("new")));
    }

    [Fact]
    public void ScenesFromAFashionMnistWithoutItsTestSplitLeaveNoFolder()
    {
        using var dir = new TempDir();
        string fmnist = SceneTests.FakeFashionMnist(dir);
        File.Delete(Path.Combine(fmnist, "t10k-images-idx3-ubyte"));
        Assert.Throws<DataException>(() => FashionScenes.Write(fmnist, dir.File("scenes/out"), new SceneOptions { Size = 32, Train = 2, Val = 1, Seed = 5 }));
        Assert.False(Directory.Exists(dir.File("scenes")));
    }

    [Fact]
    public void ATrainingRunRefusedBeforeItStartsLeavesNoRunFolderItMade()
    {
        string output = MicroRun.TempDir();
        Assert.Throws<DataException>(() => PretrainRun.Execute(MicroRun.Tree(output, "MOBYNET.DATA=imagefolder:/nonexistent"), new MicroRun.Silent()));
        Assert.Empty(Directory.GetFileSystemEntries(output));
        string damaged = Path.Combine(output, "damaged.pth");
        File.WriteAllBytes(damaged, [1, 2, 3]);
        Assert.Throws<CheckpointFormatException>(() => PretrainRun.Execute(MicroRun.Tree(output), new MicroRun.Silent(), resume: damaged));
        Assert.Equal([damaged], Directory.GetFileSystemEntries(output));
        // A run folder that existed is the user's: it keeps its lock file, as every run leaves it.
        Directory.CreateDirectory(MicroRun.RunDir(output));
        Assert.Throws<DataException>(() => PretrainRun.Execute(MicroRun.Tree(output, "MOBYNET.DATA=imagefolder:/nonexistent"), new MicroRun.Silent()));
        Assert.Equal([Path.Combine(MicroRun.RunDir(output), RunFolder.LockFileName)], Directory.GetFileSystemEntries(MicroRun.RunDir(output)));
    }

    [Fact]
    public void ATransferRunOnDataThatDoesNotOpenLeavesNoRunFolder()
    {
        using var dir = new TempDir();
        Assert.Throws<DataException>(() => SegmentationRun.Train(TinyScenes.Tree("/nonexistent", dir.File("runs"), "none", 1), null, fromScratch: true, new Observers()));
        Assert.False(Directory.Exists(dir.File("runs")));
    }
}
