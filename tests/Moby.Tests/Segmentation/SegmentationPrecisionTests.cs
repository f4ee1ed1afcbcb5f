using Moby.Interop;
using Moby.Nn;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Segmentation;

/// <summary>segment train / eval / predict follow MOBYNET.PRECISION and MOBYNET.DEVICE: the precision is applied, recorded in the checkpoint and kept on a resume and by eval; a device or precision this machine cannot use is one line before anything is written.</summary>
public class SegmentationPrecisionTests
{
    private static string Checkpoint(SegmentationResult result) => Path.Combine(result.Directory, PyramidCheckpoint.Latest);

    private static string RecordedPrecision(string path)
    {
        using var checkpoint = CheckpointFile.Read(path);
        return (string)((IReadOnlyDictionary<string, object?>)checkpoint.Extra["mobynet"]!)["precision"]!;
    }

    [Fact]
    public void Bf16IsAppliedRecordedKeptOnResumeAndByEval()
    {
        using var dir = new TempDir();
        string scenes = TinyScenes.Write(dir);
        var fp32 = SegmentationRun.Train(TinyScenes.Tree(scenes, dir.Path, "fp32", 4, "MOBYNET.PRECISION=fp32"), null, fromScratch: true, new Observers());
        using var stop = new CancellationTokenSource();
        var seen = new PrecisionSeen(stop, stopAfter: 2);
        var first = SegmentationRun.Train(TinyScenes.Tree(scenes, dir.Path, "bf16", 4, "MOBYNET.PRECISION=bf16"), null, fromScratch: true, seen, stop: stop.Token);
        Assert.Equal(RunOutcome.Interrupted, first.Outcome);
        Assert.Equal("bf16", RecordedPrecision(Checkpoint(first)));
        // Resumed with auto: the checkpoint's bf16, whatever this CPU would choose for a new run.
        var resumed = SegmentationRun.Train(TinyScenes.Tree(scenes, dir.Path, "bf16", 4, "MOBYNET.PRECISION=auto"), null, fromScratch: true, seen);
        Assert.Equal(RunOutcome.Finished, resumed.Outcome);
        Assert.Equal([ScalarType.BFloat16], seen.Types.Distinct());
        Assert.Equal(4, seen.Types.Count);
        Assert.Equal("bf16", RecordedPrecision(Checkpoint(resumed)));
        Assert.Equal("fp32", RecordedPrecision(Checkpoint(fp32)));
        using (var a = CheckpointFile.Read(Checkpoint(fp32)))
        using (var b = CheckpointFile.Read(Checkpoint(resumed)))
            Assert.False(a.State["decode_head.conv_seg.weight"].allclose(b.State["decode_head.conv_seg.weight"], rtol: 0, atol: 0), "bf16 products change the weights");

        // eval with auto computes as the checkpoint trained (the validation at the run's end did so too); fp32 is said.
        var again = SegmentationRun.Evaluate(Checkpoint(resumed), null, dir.File("eval"), pictures: 0);
        Assert.Equal(resumed.Scores!.MeanIou, again.MeanIou, 12);
        var lines = new List<string>();
        SegmentationRun.Evaluate(Checkpoint(resumed), null, dir.File("eval32"), pictures: 0, ["MOBYNET.PRECISION=fp32"], lines.Add);
        Assert.Contains(lines, l => l.Contains("trained with bf16") && l.Contains("fp32"));
    }

    [Theory]
    [InlineData("MOBYNET.DEVICE=cuda", "MOBYNET.DEVICE is 'cuda'")]
    [InlineData("MOBYNET.DEVICE=tpu", "MOBYNET.DEVICE must be 'cpu', 'cuda' or 'cuda:N'")]
    [InlineData("MOBYNET.PRECISION=fp8", "Unknown precision 'fp8'")]
    public void AnUnusableDeviceOrPrecisionStopsTrainingBeforeAnythingIsWritten(string option, string expected)
    {
        if (option.EndsWith("cuda") && cuda.is_available()) return; // a GPU machine can use it
        using var dir = new TempDir();
        var tree = TinyScenes.Tree(TinyScenes.Write(dir), dir.Path, "bad", 2, option);
        var e = Assert.Throws<ArgumentException>(() => SegmentationRun.Train(tree, null, fromScratch: true, new Observers()));
        Assert.Contains(expected, e.Message);
        Assert.False(Directory.Exists(SegmentationRun.OutputDirectory(tree)));
    }

    [Fact]
    public void EvalAndPredictTakeTheirOwnDeviceAndRefuseOneThisMachineLacks()
    {
        using var dir = new TempDir();
        string scenes = TinyScenes.Write(dir);
        // Trained with MOBYNET.DEVICE=cpu written in its config; a checkpoint from a GPU machine says cuda, which eval does not inherit.
        var run = SegmentationRun.Train(TinyScenes.Tree(scenes, dir.Path, "cpu", 1, "MOBYNET.PRECISION=fp32", "MOBYNET.SEG.PREDICTIONS=0"), null,
                                        fromScratch: true, new Observers());
        Assert.Equal(4, SegmentationRun.Predict(Checkpoint(run), Path.Combine(scenes, "images", "validation"), dir.File("masks"), ["MOBYNET.DEVICE=cpu"]));
        if (cuda.is_available()) return;
        Assert.Contains("MOBYNET.DEVICE is 'cuda:1'", Assert.Throws<ArgumentException>(
            () => SegmentationRun.Evaluate(Checkpoint(run), null, dir.File("eval"), 0, ["MOBYNET.DEVICE=cuda:1"])).Message);
        Assert.Contains("Unknown precision", Assert.Throws<ArgumentException>(
            () => SegmentationRun.Predict(Checkpoint(run), scenes, dir.File("m2"), ["MOBYNET.PRECISION=half"])).Message);
    }
}
