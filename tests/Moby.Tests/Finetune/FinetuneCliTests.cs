using Moby.Cli;
using Moby.Tests.Training;
using Xunit;

namespace Moby.Tests.Finetune;

/// <summary>moby finetune, predict and export on the command line: a working run, and bad input as a non-zero exit code.</summary>
[Collection(TrainedStripesCollection.Name)]
public class FinetuneCliTests(TrainedStripes trained)
{
    [Fact]
    public void PredictAndExportRunOnTheTrainedCheckpoint()
    {
        string output = MicroRun.TempDir(), checkpoint = Path.Combine(trained.Directory, "checkpoint.pth");
        Assert.Equal(0, MobyApp.Run(["predict", "--weights", checkpoint, "--input", Path.Combine(trained.Data, "val"), "--output", Path.Combine(output, "p.csv")]));
        Assert.Equal(25, File.ReadAllLines(Path.Combine(output, "p.csv")).Length);
        Assert.Equal(0, MobyApp.Run(["export", checkpoint, "--output", output]));
        Assert.True(File.Exists(Path.Combine(output, "checkpoint.classifier.safetensors")));
    }

    [Fact]
    public void FinetuneRunsFromTheCommandLine()
    {
        string output = MicroRun.TempDir(), config = Path.Combine(output, "tiny.yaml");
        File.WriteAllText(config, "MODEL:\n  NAME: tiny\nFINETUNE:\n  HELD_OUT: 6\nAUG:\n  MIXUP: 0.0\n  CUTMIX: 0.0\n");
        Assert.Equal(0, MobyApp.Run(["finetune", "--from-scratch", "--model", StripeImages.Model, "--data", "imagefolder:" + trained.Data, "--config", config,
                                     "--epochs", "1", "--batch-size", "8", "--labels", "10-per-class", "--output", output, "--quiet"]));
        Assert.True(File.Exists(Path.Combine(output, "tiny", "10-per-class-scratch", "checkpoint.pth")));
    }

    [Theory]
    [InlineData("finetune", "--labels", "10%")] // neither --weights nor --from-scratch with --model
    [InlineData("finetune", "--weights", "w.pth", "--labels", "half")]
    [InlineData("predict", "--weights", "/nonexistent.pth", "--input", "/tmp")]
    [InlineData("predict", "--weights", "w.pth")]
    [InlineData("predict", "--weights", "w.pth", "--input", "/tmp", "--top-k", "0")]
    public void BadInputFailsWithNonZeroExitCode(params string[] args) => Assert.NotEqual(0, MobyApp.Run(args));
}
