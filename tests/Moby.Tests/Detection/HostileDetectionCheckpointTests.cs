using Moby.Data;
using Moby.Interop;
using Moby.Runs;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>
/// Damaged or crafted checkpoints given to detect eval and predict, and damaged images given to predict: one clear
/// error naming the file (and the key), or for predict a warning naming the image, which is skipped.
/// </summary>
public class HostileDetectionCheckpointTests(RandomDetector detector) : IClassFixture<RandomDetector>
{
    /// <summary>The fixture's checkpoint rewritten with <paramref name="edit"/> applied to its entries.</summary>
    private string Rewritten(Action<Dictionary<string, object?>> edit)
    {
        using var checkpoint = CheckpointFile.Read(detector.Checkpoint);
        var content = new Dictionary<string, object?>(checkpoint.Extra)
        {
            ["state_dict"] = new Dictionary<string, Tensor>(checkpoint.State), ["config"] = checkpoint.Config,
        };
        edit(content);
        return TinyDetectionModel.Write(detector.File("crafted.pth"), content);
    }

    private static Dictionary<string, object?> Entry(Dictionary<string, object?> content) =>
        new((IReadOnlyDictionary<string, object?>)content["detection"]!);

    [Fact]
    public void ACheckpointWithoutTheDetectionEntryIsNotOneOfDetectTrain()
    {
        string path = Rewritten(c => c.Remove("detection"));
        var e = Assert.Throws<CheckpointFormatException>(() => DetectionRun.Evaluate(path, null, detector.File("eval"), 0));
        Assert.Contains(path, e.Message);
        Assert.Contains("not a checkpoint of moby detect train", e.Message);
        string segmentation = Rewritten(c => (c["segmentation"], c["detection"]) = (c["detection"], null));
        Assert.Contains("not a checkpoint of moby detect train", Assert.Throws<CheckpointFormatException>(
            () => DetectionRun.Predict(segmentation, detector.Scenes, detector.File("p"))).Message);
    }

    [Fact]
    public void ACraftedEntryNamesItsKey()
    {
        string classes = Rewritten(c => c["detection"] = new Dictionary<string, object?>(Entry(c)) { ["classes"] = new List<object?> { 1L, 2L } });
        Assert.Contains("detection.classes", Assert.Throws<CheckpointFormatException>(() => DetectionRun.Evaluate(classes, null, detector.File("eval"), 0)).Message);
        string wide = Rewritten(c => c["detection"] = new Dictionary<string, object?>(Entry(c)) { ["embed_dim"] = 8192L });
        var e = Assert.Throws<CheckpointFormatException>(() => DetectionRun.Evaluate(wide, null, detector.File("eval"), 0));
        Assert.Contains("more than the", e.Message);   // refused before a single weight is allocated
        string ids = Rewritten(c => c["detection"] = new Dictionary<string, object?>(Entry(c)) { ["category_ids"] = new List<object?> { 1L, "two" } });
        e = Assert.Throws<CheckpointFormatException>(() => DetectionRun.Predict(ids, detector.Scenes, detector.File("p")));
        Assert.Contains("detection.category_ids", e.Message);
        Assert.Contains(ids, e.Message);
    }

    [Fact]
    public void ACraftedConfigurationCannotMakeUsAllocateHugeHeads()
    {
        string path = Rewritten(c =>
        {
            var config = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)c["config"]!);
            var mobynet = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)config["MOBYNET"]!);
            mobynet["DET"] = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)mobynet["DET"]!) { ["FPN_CHANNELS"] = 16384L };
            config["MOBYNET"] = mobynet;
            c["config"] = config;
        });
        var e = Assert.Throws<CheckpointFormatException>(() => DetectionRun.Evaluate(path, null, detector.File("eval"), 0));
        Assert.Contains("heads of about", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void AMissingOrMisshapenWeightNamesTheKey()
    {
        string missing = Rewritten(c => ((Dictionary<string, Tensor>)c["state_dict"]!).Remove("roi_head.mask_head.conv_logits.weight"));
        var e = Assert.Throws<CheckpointMismatchException>(() => DetectionRun.Evaluate(missing, null, detector.File("eval"), 0));
        Assert.Contains("roi_head.mask_head.conv_logits.weight", e.Message);
        Assert.Contains(missing, e.Message);
        string misshapen = Rewritten(c => ((Dictionary<string, Tensor>)c["state_dict"]!)["roi_head.bbox_head.fc_cls.weight"] = zeros(3, 32));
        Assert.Contains("roi_head.bbox_head.fc_cls.weight", Assert.Throws<CheckpointMismatchException>(
            () => DetectionRun.Predict(misshapen, detector.Scenes, detector.File("p"))).Message);
    }

    [Fact]
    public void DataOfOtherCategoriesIsOneError()
    {
        string path = Rewritten(c => c["detection"] = new Dictionary<string, object?>(Entry(c))
        {
            ["category_ids"] = Enumerable.Range(11, 10).Select(i => (object?)(long)i).ToList(),
        });
        var e = Assert.Throws<DataException>(() => DetectionRun.Evaluate(path, null, detector.File("eval"), 0));
        Assert.Contains("category ids", e.Message);
        Assert.Contains("instances_validation.json", e.Message);
    }

    [Fact]
    public void PredictSkipsAnImageThatDoesNotDecodeWithAWarningNamingIt()
    {
        string input = detector.File("photos");
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        File.Copy(Directory.GetFiles(Path.Combine(detector.Scenes, "images", "validation"))[0], Path.Combine(input, "sub", "good.png"));
        File.WriteAllBytes(Path.Combine(input, "bad.png"), [137, 80, 78, 71, 13, 10]);
        var lines = new List<string>();
        string output = detector.File("predicted");
        Assert.Equal(1, DetectionRun.Predict(detector.Checkpoint, input, output, say: lines.Add));
        Assert.True(File.Exists(Path.Combine(output, "sub", "good.png")));
        Assert.False(File.Exists(Path.Combine(output, "bad.png")));
        Assert.Contains(lines, l => l.StartsWith("warning: cannot decode image") && l.Contains("bad.png") && l.EndsWith("skipped"));
        Assert.DoesNotContain("bad.png", File.ReadAllText(Path.Combine(output, "detections.json")));
    }

    [Fact]
    public void PredictOnAFolderWhereNoImageDecodesIsOneClearError()
    {
        string input = detector.File("only-bad");
        Directory.CreateDirectory(input);
        File.WriteAllBytes(Path.Combine(input, "bad.png"), [137, 80, 78, 71, 13, 10]);
        string output = detector.File("predicted-none");
        var e = Assert.Throws<DataException>(() => DetectionRun.Predict(detector.Checkpoint, input, output, say: _ => { }));
        Assert.Contains(input, e.Message);
        Assert.Contains("none of its 1 image files", e.Message);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void TheCommandLineShowsTheTableOrOneErrorLine()
    {
        var (code, output) = Cli.CliProcessTests.Run("detect", "eval", "--weights", detector.Checkpoint, "--output", detector.File("cli"),
                                                     "--pictures", "1", "--threads", "1");
        Assert.True(code == 0, output);
        foreach (var text in new[] { "AP50", "ARl", "bbox %", "segm %", "Ankle boot", "box AP" }) Assert.Contains(text, output);
        string cut = detector.File("cut.pth");
        File.WriteAllBytes(cut, File.ReadAllBytes(detector.Checkpoint)[..1000]);
        (code, output) = Cli.CliProcessTests.Run("detect", "predict", "--weights", cut, "--input", detector.Scenes, "--output", detector.File("p"));
        Assert.Equal(1, code);
        Assert.StartsWith("error:", output);
        Assert.Contains(cut, Cli.CliProcessTests.OneLine(output));
        Assert.DoesNotContain("   at ", output);
    }
}
