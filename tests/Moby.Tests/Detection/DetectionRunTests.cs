using Moby.Interop;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Tests.Segmentation;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Detection;

/// <summary>Whole detection runs on a tiny scene set: every loss term goes down, the checkpoint has mmdet's layout, a resumed run ends bit-identical.</summary>
public class DetectionRunTests
{
    private static readonly string[] Terms = ["loss_rpn_cls", "loss_rpn_bbox", "loss_cls", "loss_bbox", "loss_mask"];

    /// <summary>
    /// One scene learned for 90 iterations. Four terms and the total fall from the first iterations; the R-CNN box loss
    /// cannot: it starts near 0, since the first positives are the ground truths themselves (added as proposals, with
    /// zero regression targets), and grows as the RPN's proposals become positives (as in mmdet's logs, where loss_bbox
    /// rises over the first thousands of iterations); then the regression learns them and it falls from that peak.
    /// </summary>
    [Fact]
    public void AFewIterationsReduceEveryLossTermAndLeaveEverythingInTheRunFolder()
    {
        using var dir = new TempDir();
        var tree = TinyDetection.Tree(TinyScenes.Write(dir, train: 1), dir.Path, "learn", 90, "MOBYNET.DET.BASE_LR=0.1", "MOBYNET.DET.BATCH_SIZE=1",
                                      "MOBYNET.DET.DROP_PATH_RATE=0", "MOBYNET.DET.FLIP_P=0", "MOBYNET.DET.ROI_SAMPLES=32", "MOBYNET.DET.RPN_SAMPLES=32",
                                      "MOBYNET.DET.RPN_POST_NMS_TRAIN=50");
        var result = DetectionRun.Train(tree, weights: null, fromScratch: true, new Observers(), plots: new Moby.Reporting.PngPlots());
        Assert.Equal(RunOutcome.Finished, result.Outcome);
        var steps = TinyDetection.Iterations(result.Directory);
        Assert.Equal(90, steps.Count);
        var windows = steps.Chunk(10).ToList();
        double Mean(IReadOnlyDictionary<string, double>[] window, string key) => window.Average(r => r[key]);
        foreach (var term in Terms.Append("loss"))
        {
            double first = Mean(windows[0], term), peak = windows.Max(w => Mean(w, term)), last = Mean(windows[^1], term);
            if (term == "loss_bbox") Assert.True(last < 0.7 * peak && peak > first, $"{term}: {first:F4}, peak {peak:F4} -> {last:F4}");
            else Assert.True(last < 0.5 * first, $"{term}: {first:F4} -> {last:F4}");
        }
        Assert.All(steps, s => Assert.Equal(s["loss"], Terms.Sum(t => s[t]), 4));
        Assert.True(Mean(windows[^1], "acc") > Mean(windows[0], "acc"));
        foreach (var file in new[] { "checkpoint.pth", "config.yaml", "loss.png", "terms.png", "acc.png", "lr.png", "grad_norm.png" })
            Assert.True(File.Exists(Path.Combine(result.Directory, file)), file);
        using var checkpoint = CheckpointFile.Read(Path.Combine(result.Directory, PyramidCheckpoint.Latest));
        var meta = (IReadOnlyDictionary<string, object?>)checkpoint.Extra["meta"]!;
        Assert.Equal((90L, 90L), (Convert.ToInt64(meta["epoch"]), Convert.ToInt64(meta["iter"])));
        var position = (IReadOnlyDictionary<string, object?>)checkpoint.Extra["mobynet"]!;
        Assert.Equal((90L, 0L, 90L, "fp32"), (Convert.ToInt64(position["epoch"]), Convert.ToInt64(position["batch"]), Convert.ToInt64(position["step"]), (string)position["precision"]!));
        var (backbone, classes) = PyramidArchitecture.Detection.Read(checkpoint);
        Assert.Equal(10, classes.Count);
        Assert.Equal([1, 1, 1], backbone.Depths);
        Assert.Contains("roi_head.mask_head.conv_logits.weight", checkpoint.State.Keys);
        Assert.Contains("backbone.norm2.weight", checkpoint.State.Keys);
        Assert.Equal("coco:" + dir.File("scenes"), ((IReadOnlyDictionary<string, object?>)((IReadOnlyDictionary<string, object?>)checkpoint.Config!["MOBYNET"]!)["DET"]!)["DATA"]);
        Assert.NotNull(checkpoint.Optimizer);
    }

    [Fact]
    public void AnInterruptedRunResumesToTheSameWeightsAndMetrics()
    {
        using var dir = new TempDir();
        string scenes = TinyScenes.Write(dir);
        // 4 iterations per epoch: the stop after 6 falls inside the second epoch, so the resume starts mid-epoch; flips,
        // drop path and the samplers all draw.
        var straight = DetectionRun.Train(TinyDetection.Tree(scenes, dir.Path, "straight", 3), null, fromScratch: true, new Observers());
        using var stop = new CancellationTokenSource();
        var first = DetectionRun.Train(TinyDetection.Tree(scenes, dir.Path, "resumed", 3), null, fromScratch: true, new MicroRun.StopAfter(6, stop), stop: stop.Token);
        Assert.Equal(RunOutcome.Interrupted, first.Outcome);
        var messages = new MicroRun.Messages();
        var resumed = DetectionRun.Train(TinyDetection.Tree(scenes, dir.Path, "resumed", 3), null, fromScratch: true, messages);
        Assert.Equal(RunOutcome.Finished, resumed.Outcome);
        Assert.Contains(messages.Lines, l => l.Contains("step 6."));
        using var a = CheckpointFile.Read(Path.Combine(straight.Directory, PyramidCheckpoint.Latest));
        using var b = CheckpointFile.Read(Path.Combine(resumed.Directory, PyramidCheckpoint.Latest));
        Assert.Equal(a.State.Keys, b.State.Keys);
        foreach (var (key, value) in a.State) TensorAssert.BitIdentical(value, b.State[key], key);
        var expected = TinyDetection.Iterations(straight.Directory);
        var actual = TinyDetection.Iterations(resumed.Directory);
        Assert.Equal(12, expected.Count);
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
            foreach (var key in Terms.Concat(["loss", "acc", "lr", "grad_norm", "step", "epoch", "batch"]))
                Assert.True(expected[i][key] == actual[i][key], $"iteration {i}, {key}: {expected[i][key]} vs {actual[i][key]}");
    }

    [Fact]
    public void NeitherWeightsNorFromScratchIsOneClearError()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<Moby.Config.ConfigException>(() => DetectionRun.Train(TinyDetection.Tree(TinyScenes.Write(dir), dir.Path, "x", 1), null, fromScratch: false, new Observers()));
        Assert.Contains("--weights", e.Message);
    }

    /// <summary>A validation image whose masks could not be held (its declared size) refuses the run before it trains, not at
    /// its first validation (where it stopped the run, and every resume again).</summary>
    [Fact]
    public void AValidationImageTooLargeForItsMasksIsRefusedBeforeTraining()
    {
        using var dir = new TempDir();
        string scenes = TinyScenes.Write(dir, train: 2);
        string validation = Path.Combine(scenes, "instances_validation.json");
        var coco = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(validation))!;
        var images = coco["images"]!.AsArray();
        var big = images[0]!.DeepClone();
        (big["id"], big["width"], big["height"]) = (1_000_000, 9400, 9400); // no annotation of its own
        images.Add(big);
        File.WriteAllText(validation, coco.ToJsonString());
        var tree = TinyDetection.Tree(scenes, dir.Path, "big-val", 1);
        var e = Assert.Throws<Moby.Data.DataException>(() => DetectionRun.Train(tree, weights: null, fromScratch: true, new Observers()));
        Assert.Contains("(9400 x 9400) could need", e.Message);
        Assert.Empty(Directory.EnumerateFiles(dir.Path, "*.pth", SearchOption.AllDirectories));
    }
}
