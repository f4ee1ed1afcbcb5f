using Moby.Reporting;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Runs;

public class PretrainRunTests
{
    [Fact]
    public void InterruptedAndResumedRunEndsBitIdenticalToAnUninterruptedOne()
    {
        string straight = MicroRun.TempDir(), resumed = MicroRun.TempDir();
        Assert.Equal(RunOutcome.Finished, PretrainRun.Execute(MicroRun.Tree(straight), new MicroRun.Silent()));

        using (var stop = new CancellationTokenSource())
            Assert.Equal(RunOutcome.Interrupted, PretrainRun.Execute(MicroRun.Tree(resumed), new MicroRun.StopAfter(4, stop), stop: stop.Token));
        Assert.Equal(RunOutcome.Finished, PretrainRun.Execute(MicroRun.Tree(resumed), new MicroRun.Silent()));

        MicroRun.AssertSameFinalState(straight, resumed);
    }

    [Fact]
    public void RunWritesConfigMetricsPlotsAndRotatesEpochCheckpoints()
    {
        string output = MicroRun.TempDir();
        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=3", "MOBYNET.KEEP_CHECKPOINTS=2"), new MicroRun.Silent(), plots: new PngPlots());
        string dir = Path.Combine(output, "micro", "default");
        foreach (var file in new[] { "config.yaml", "metrics.jsonl", "loss.png", "lr.png", "momentum.png", "grad_norm.png", "checkpoint.pth" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        Assert.Equal(["ckpt_epoch_1.pth", "ckpt_epoch_2.pth"], Directory.GetFiles(dir, "ckpt_epoch_*").Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"));
        Assert.Equal(3 * 6, lines.Count(l => l.Contains("\"type\":\"iter\"")));
        Assert.Equal(3, lines.Count(l => l.Contains("\"type\":\"epoch\"")));
    }

    [Fact]
    public void LiveTensorCountDoesNotGrowOverIterations()
    {
        var counts = new List<long>();
        var observer = new CountTensors(counts);
        PretrainRun.Execute(MicroRun.Tree(MicroRun.TempDir(), "TRAIN.EPOCHS=4"), observer);
        Assert.Equal(24, counts.Count);
        Assert.True(counts.Skip(8).Max() <= counts[8], string.Join(" ", counts));
    }

    private sealed class CountTensors(List<long> counts) : IPretrainObserver
    {
        public void Iteration(IterationMetrics metrics) => counts.Add(Tensor.TotalCount);
    }

    [Fact]
    public void DivergedLossStopsWithClearErrorAndKeepsLastGoodCheckpoint()
    {
        string output = MicroRun.TempDir();
        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), new MicroRun.Silent());
        string latest = MicroRun.Latest(output);
        var before = File.ReadAllBytes(latest);
        var error = Assert.Throws<TrainingDivergedException>(() =>
            PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=2", "TRAIN.BASE_LR=1e30", "TRAIN.WARMUP_EPOCHS=0"), new MicroRun.Silent()));
        Assert.Contains("loss became", error.Message);
        Assert.Equal(before, File.ReadAllBytes(latest));
    }
}
