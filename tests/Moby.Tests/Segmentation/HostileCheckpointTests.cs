using Moby.Data;
using Moby.Interop;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Segmentation;

/// <summary>A tiny segmentation run (one iteration) whose checkpoint the tests damage.</summary>
public sealed class TrainedSegmentation : IDisposable
{
    private readonly TempDir dir = new();

    public string Scenes { get; }
    public string Checkpoint { get; }

    public TrainedSegmentation()
    {
        Scenes = TinyScenes.Write(dir);
        var run = SegmentationRun.Train(TinyScenes.Tree(Scenes, dir.Path, "trained", 1, "MOBYNET.PRECISION=fp32", "MOBYNET.SEG.PREDICTIONS=0"),
                                        null, fromScratch: true, new Observers());
        Checkpoint = Path.Combine(run.Directory, PyramidCheckpoint.Latest);
    }

    /// <summary>A path in the fixture's folder (nothing written).</summary>
    public string File(string relative) => dir.File(relative);

    public void Dispose() => dir.Dispose();
}

/// <summary>
/// Damaged or crafted checkpoints given to segment eval, predict and train --resume, and damaged images given to
/// predict: one clear error naming the file (and the key), or for predict a warning and the image skipped.
/// </summary>
public class HostileCheckpointTests(TrainedSegmentation trained) : IClassFixture<TrainedSegmentation>
{
    private string Copy(string name, Func<byte[], byte[]> change)
    {
        string path = trained.File($"{Guid.NewGuid():N}-{name}");
        System.IO.File.WriteAllBytes(path, change(System.IO.File.ReadAllBytes(trained.Checkpoint)));
        return path;
    }

    /// <summary>The trained checkpoint rewritten with <paramref name="edit"/> applied to its top-level entries.</summary>
    private string Rewritten(Action<Dictionary<string, object?>> edit)
    {
        using var checkpoint = CheckpointFile.Read(trained.Checkpoint);
        var content = new Dictionary<string, object?>(checkpoint.Extra)
        {
            ["state_dict"] = new Dictionary<string, TorchSharp.torch.Tensor>(checkpoint.State), ["config"] = checkpoint.Config,
            ["optimizer"] = checkpoint.Optimizer,
        };
        edit(content);
        string path = trained.File($"{Guid.NewGuid():N}.pth");
        CheckpointFile.WritePth(path, content);
        return path;
    }

    [Fact]
    public void ATruncatedCheckpointNamesTheFile()
    {
        foreach (double kept in new[] { 0.0, 0.1, 0.5, 0.95 })
        {
            string path = Copy("cut.pth", bytes => bytes[..(int)(kept * bytes.Length)]);
            var e = Assert.ThrowsAny<Exception>(() => SegmentationRun.Evaluate(path, null, trained.File("eval"), 0));
            Assert.True(e is CheckpointFormatException or FileNotFoundException, $"{kept}: {e.GetType().Name}: {e.Message}");
            Assert.Contains(path, e.Message);
        }
    }

    [Fact]
    public void ACheckpointOfAnotherKindSaysSo()
    {
        string backbone = trained.File("backbone.safetensors");
        using (var checkpoint = CheckpointFile.Read(trained.Checkpoint))
            CheckpointFile.WriteSafetensors(backbone, checkpoint.State.Where(p => p.Key.StartsWith("backbone.")).ToDictionary());
        var e = Assert.Throws<CheckpointFormatException>(() => SegmentationRun.Evaluate(backbone, null, trained.File("eval"), 0));
        Assert.Contains($"{backbone}", e.Message);
        Assert.Contains("not a checkpoint of moby segment train", e.Message);
    }

    [Fact]
    public void AMissingOrMisshapenWeightNamesTheKey()
    {
        string missing = Rewritten(c => ((Dictionary<string, TorchSharp.torch.Tensor>)c["state_dict"]!).Remove("decode_head.conv_seg.weight"));
        var e = Assert.Throws<CheckpointMismatchException>(() => SegmentationRun.Evaluate(missing, null, trained.File("eval"), 0));
        Assert.Contains("decode_head.conv_seg.weight", e.Message);
        Assert.Contains(missing, e.Message);
        string misshapen = Rewritten(c => ((Dictionary<string, TorchSharp.torch.Tensor>)c["state_dict"]!)["decode_head.conv_seg.bias"] = TorchSharp.torch.zeros(3));
        Assert.Contains("decode_head.conv_seg.bias", Assert.Throws<CheckpointMismatchException>(
            () => SegmentationRun.Predict(misshapen, trained.Scenes, trained.File("masks"))).Message);
    }

    /// <summary>A stored configuration whose heads or test image no file or machine holds is refused before the model is built.</summary>
    [Fact]
    public void AStoredConfigurationOfEnormousHeadsOrTestImagesIsRefused()
    {
        string Stored(string key, object value) => Rewritten(c =>
        {
            var config = (Dictionary<string, object?>)((IReadOnlyDictionary<string, object?>)c["config"]!).ToDictionary();
            var mobynet = ((IReadOnlyDictionary<string, object?>)config["MOBYNET"]!).ToDictionary();
            mobynet["SEG"] = new Dictionary<string, object?>(((IReadOnlyDictionary<string, object?>)mobynet["SEG"]!)) { [key] = value };
            config["MOBYNET"] = mobynet;
            c["config"] = config;
        });
        string heads = Stored("CHANNELS", 16384L);
        Assert.Contains("describes heads of about", Assert.Throws<CheckpointFormatException>(() => SegmentationRun.Evaluate(heads, null, trained.File("eval"), 0)).Message);
        string image = Stored("TEST_SCALE", new List<object?> { 16384L, 16384L });
        string message = Assert.Throws<Moby.Config.ConfigException>(() => SegmentationRun.Predict(image, trained.Scenes, trained.File("masks"))).Message;
        Assert.StartsWith($"{image} (config): segmentation of one image would need about", message);
        Assert.Contains("MOBYNET.SEG.TEST_SCALE=[16384, 16384]", message);
    }

    [Fact]
    public void ResumingFromACheckpointOfOtherHeadsOrADamagedPositionIsOneError()
    {
        string output = trained.File("resume");
        var wider = TinyScenes.Tree(trained.Scenes, output, "wider", 2, "MOBYNET.SEG.CHANNELS=16");
        var e = Assert.Throws<CheckpointMismatchException>(() => SegmentationRun.Train(wider, null, true, new Observers(), resume: trained.Checkpoint));
        Assert.Contains(trained.Checkpoint, e.Message);
        string damaged = Rewritten(c => c["mobynet"] = new Dictionary<string, object?> { ["epoch"] = 0, ["batch"] = 0, ["step"] = -5L, ["precision"] = "fp32" });
        var same = TinyScenes.Tree(trained.Scenes, output, "same", 2, "MOBYNET.PRECISION=fp32");
        Assert.Contains("mobynet.step", Assert.Throws<CheckpointFormatException>(
            () => SegmentationRun.Train(same, null, true, new Observers(), resume: damaged)).Message);
        string precision = Rewritten(c => c["mobynet"] = new Dictionary<string, object?> { ["epoch"] = 0, ["batch"] = 1, ["step"] = 1L, ["precision"] = "fp8" });
        Assert.Contains("mobynet.precision is 'fp8', expected 'fp32' or 'bf16'", Assert.Throws<CheckpointFormatException>(
            () => SegmentationRun.Train(same, null, true, new Observers(), resume: precision)).Message);
    }

    /// <summary>
    /// The transfer loop's position is exact (step = epoch * steps per epoch + batch, 2 steps per epoch here), and within
    /// the run's iterations; the optimizer's step is the run's. A batch at the end of its epoch once made the loop spin forever.
    /// </summary>
    [Theory]
    [InlineData(0, 1, 0L, 1, "mobynet.step is 0, but epoch 0 and batch 1 at 2 steps per epoch are step 1")]
    [InlineData(1, 0, 1L, 1, "mobynet.step is 1, but epoch 1 and batch 0 at 2 steps per epoch are step 2")]
    [InlineData(0, 2, 2L, 2, "mobynet.batch is 2, but an epoch has 2 steps with this configuration")]
    [InlineData(2, 1, 5L, 5, "mobynet.epoch is 2 (batch 1), past the end of this run: 2 epochs of 2 steps")]
    [InlineData(0, 1, 1L, 3, "optimizer.state[0].step is 3, more than the 1 steps of the run (mobynet.step)")]
    [InlineData(-1, 0, 0L, 1, "optimizer.state[0].step is 1, more than the 0 steps of the 0 epochs done (epoch is -1)")]
    public void AResumedPositionThisRunCouldNotHaveReachedIsOneErrorNamingTheKey(int epoch, int batch, long step, int optimizerStep, string expected)
    {
        string crafted = Rewritten(c =>
        {
            if (epoch < 0) c.Remove("mobynet"); // mmseg's own layout: no position of ours, no top-level epoch
            else c["mobynet"] = new Dictionary<string, object?> { ["epoch"] = epoch, ["batch"] = batch, ["step"] = step, ["precision"] = "fp32" };
            foreach (System.Collections.DictionaryEntry state in (System.Collections.IDictionary)((System.Collections.IDictionary)c["optimizer"]!)["state"]!)
                ((System.Collections.IDictionary)state.Value!)["step"] = TorchSharp.torch.tensor((float)optimizerStep);
        });
        var tree = TinyScenes.Tree(trained.Scenes, trained.File("resume"), "position", 4, "MOBYNET.PRECISION=fp32");
        var e = Assert.Throws<CheckpointFormatException>(() => SegmentationRun.Train(tree, null, true, new Observers(), resume: crafted));
        Assert.Contains(crafted, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void PredictSkipsAnImageThatDoesNotDecodeWithAWarningNamingIt()
    {
        string input = trained.File("photos");
        Directory.CreateDirectory(input);
        File.Copy(Directory.GetFiles(Path.Combine(trained.Scenes, "images", "validation"))[0], Path.Combine(input, "good.png"));
        File.WriteAllBytes(Path.Combine(input, "bad.png"), [137, 80, 78, 71, 13, 10]);
        var lines = new List<string>();
        Assert.Equal(1, SegmentationRun.Predict(trained.Checkpoint, input, trained.File("predicted"), say: lines.Add));
        Assert.True(File.Exists(trained.File("predicted/good.png")));
        Assert.False(File.Exists(trained.File("predicted/bad.png")));
        Assert.Contains(lines, l => l.StartsWith("warning: cannot decode image") && l.Contains("bad.png") && l.EndsWith("skipped"));
    }

    [Fact]
    public void PredictOnAFolderWhereNoImageDecodesIsOneClearError()
    {
        string input = trained.File("only-bad");
        Directory.CreateDirectory(input);
        File.WriteAllBytes(Path.Combine(input, "bad.png"), [137, 80, 78, 71, 13, 10]);
        var e = Assert.Throws<DataException>(() => SegmentationRun.Predict(trained.Checkpoint, input, trained.File("predicted-none"), say: _ => { }));
        Assert.Contains(input, e.Message);
        Assert.Contains("none of its 1 image files", e.Message);
        Assert.False(Directory.Exists(trained.File("predicted-none")));
    }

    [Fact]
    public void TheCommandLineShowsOneErrorLine()
    {
        string path = Copy("cut.pth", bytes => bytes[..(bytes.Length / 2)]);
        var (code, output) = Cli.CliProcessTests.Run("segment", "eval", "--weights", path, "--output", trained.File("cli"));
        Assert.Equal(1, code);
        Assert.StartsWith("error:", output);
        Assert.Contains(path, Cli.CliProcessTests.OneLine(output));
        Assert.DoesNotContain("   at ", output);
    }

    [Fact]
    public void SegmentTrainRunsFromTheCommandLineWithTheSharedOptions()
    {
        string config = trained.File("tiny.yaml");
        File.WriteAllText(config, TinyScenes.Tree(trained.Scenes, trained.File("cli-runs"), "cli", 4, "MOBYNET.SEG.PREDICTIONS=0").ToYaml());
        var (code, output) = Cli.CliProcessTests.Run("segment", "train", "--config", config, "--from-scratch", "--iters", "1", "--batch-size", "2",
                                                     "--precision", "bf16", "--device", "cpu", "--tag", "flags", "--threads", "1", "--quiet");
        Assert.True(code == 0, output);
        using var checkpoint = CheckpointFile.Read(trained.File("cli-runs/segment/flags/checkpoint.pth"));
        var position = (IReadOnlyDictionary<string, object?>)checkpoint.Extra["mobynet"]!;
        Assert.Equal(("bf16", 1L), ((string)position["precision"]!, Convert.ToInt64(position["step"])));
        Assert.Contains("mIoU", output); // the scores' table after the run
    }
}
