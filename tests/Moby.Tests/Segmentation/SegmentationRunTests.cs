using Moby.Config;
using Moby.Data.Segmentation;
using Moby.Interop;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Segmentation;

/// <summary>Whole segmentation runs on a tiny scene set: the loss goes down, a resumed run ends bit-identical, eval reads the checkpoint back.</summary>
public class SegmentationRunTests
{
    private static ConfigTree Tree(TempDir dir, string tag, int iterations, params string[] more) =>
        TinyScenes.Tree(TinyScenes.Write(dir), dir.Path, tag, iterations, more);

    [Fact]
    public void AFewIterationsReduceTheLossAndLeaveEverythingInTheRunFolder()
    {
        using var dir = new TempDir();
        var tree = Tree(dir, "learn", 24, "MOBYNET.SEG.BASE_LR=0.02", "MOBYNET.SEG.PHOTOMETRIC=false", "MOBYNET.SEG.FLIP_P=0",
                        "MOBYNET.SEG.RATIO_RANGE=[1, 1]", "MOBYNET.SEG.EVAL_EVERY=3");
        var result = SegmentationRun.Train(tree, weights: null, fromScratch: true, new Observers(), plots: new Moby.Reporting.PngPlots());
        Assert.Equal(RunOutcome.Finished, result.Outcome);
        var losses = MetricsFile.Read(Path.Combine(result.Directory, MetricsLog.FileName)).Where(r => r.Type == "iter").Select(r => r.Numbers["loss"]).ToList();
        Assert.Equal(24, losses.Count);
        Assert.True(losses.TakeLast(5).Average() < 0.9 * losses.Take(5).Average(), $"loss {losses.Take(5).Average():F3} -> {losses.TakeLast(5).Average():F3}");
        Assert.NotNull(result.Scores);
        foreach (var file in new[] { "checkpoint.pth", "config.yaml", "eval.json", "loss.png", "miou.png", "predictions/000001.png" })
            Assert.True(File.Exists(Path.Combine(result.Directory, file)), file);
        var again = SegmentationRun.Evaluate(Path.Combine(result.Directory, "checkpoint.pth"), null, dir.File("eval"), pictures: 0);
        Assert.Equal(result.Scores!.MeanIou, again.MeanIou, 12);
        var slid = SegmentationRun.Evaluate(Path.Combine(result.Directory, "checkpoint.pth"), null, dir.File("slide"), pictures: 0,
                                            ["MOBYNET.SEG.TEST_MODE=slide", "MOBYNET.SEG.TEST_CROP_SIZE=16", "MOBYNET.SEG.TEST_STRIDE=8"]);
        Assert.InRange(slid.MeanIou, 0, 1);
        // Whole-image mode on inputs above TEST_MAX_PIXELS is the same sliding window (one crop a forward here).
        var bounded = SegmentationRun.Evaluate(Path.Combine(result.Directory, "checkpoint.pth"), null, dir.File("bounded"), pictures: 0,
                                               ["MOBYNET.SEG.TEST_MAX_PIXELS=256", "MOBYNET.SEG.TEST_CROP_SIZE=16", "MOBYNET.SEG.TEST_STRIDE=8"]);
        Assert.Equal(slid.MeanIou, bounded.MeanIou, 6);
        using (var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(dir.File("slide/eval.json"))))
            Assert.Equal(slid.MeanIouWithoutFirstClass, json.RootElement.GetProperty("mIoU_without_class_0").GetDouble(), 12);
        Assert.Equal(4, SegmentationRun.Predict(Path.Combine(result.Directory, "checkpoint.pth"), dir.File("scenes/images/validation"), dir.File("masks")));
        var mask = LabelPng.Read(dir.File("masks/000003.png"), 1 << 20);
        Assert.Equal((32, 32), (mask.Width, mask.Height));
        Assert.All(mask.Labels, v => Assert.InRange(v, 0, 10));
        Assert.StartsWith("0\t#000000\tbackground\n1\t#800000\tT-shirt/top\n", File.ReadAllText(dir.File("masks/legend.txt")));
    }

    [Fact]
    public void AnInterruptedRunResumesToTheSameWeights()
    {
        using var dir = new TempDir();
        // fp32 products, so that the run compared is the same on every CPU (auto picks bf16 where the CPU has bf16 units).
        var straight = SegmentationRun.Train(Tree(dir, "straight", 6, "MOBYNET.PRECISION=fp32"), null, fromScratch: true, new Observers());
        using var stop = new CancellationTokenSource();
        var first = SegmentationRun.Train(Tree(dir, "resumed", 6, "MOBYNET.PRECISION=fp32"), null, fromScratch: true, new MicroRun.StopAfter(3, stop), stop: stop.Token);
        Assert.Equal(RunOutcome.Interrupted, first.Outcome);
        var resumed = SegmentationRun.Train(Tree(dir, "resumed", 6, "MOBYNET.PRECISION=fp32"), null, fromScratch: true, new Observers());
        Assert.Equal(RunOutcome.Finished, resumed.Outcome);
        using var a = CheckpointFile.Read(Path.Combine(straight.Directory, PyramidCheckpoint.Latest));
        using var b = CheckpointFile.Read(Path.Combine(resumed.Directory, PyramidCheckpoint.Latest));
        Assert.Equal(a.State.Keys, b.State.Keys);
        foreach (var (key, value) in a.State) TensorAssert.BitIdentical(value, b.State[key], key);
        Assert.Equal(straight.Scores!.MeanIou, resumed.Scores!.MeanIou, 12);
    }

    [Fact]
    public void NeitherWeightsNorFromScratchIsOneClearError()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ConfigException>(() => SegmentationRun.Train(Tree(dir, "x", 2), null, fromScratch: false, new Observers()));
        Assert.Contains("--weights", e.Message);
    }
}
