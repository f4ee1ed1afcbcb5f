using System.Text.Json;
using Moby.Data;
using Moby.Data.Detection;
using Moby.Data.Segmentation;
using Moby.Detection;
using Moby.Interop;
using Moby.Runs;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>The tiny scenes and a random micro Mask R-CNN's checkpoint, written once for the class's tests.</summary>
public sealed class RandomDetector : IDisposable
{
    private readonly TempDir dir = new();

    public string Scenes { get; }
    public string Checkpoint { get; }

    public RandomDetector()
    {
        Scenes = TinyDetectionModel.Scenes(dir);
        Checkpoint = TinyDetectionModel.Checkpoint(dir);
    }

    /// <summary>A fresh path in the fixture's folder (nothing written).</summary>
    public string File(string name) => dir.File($"{Guid.NewGuid():N}-{name}");

    public void Dispose() => dir.Dispose();
}

/// <summary>
/// detect eval and detect predict end to end on a random micro model: they run, write eval.json, pictures and
/// detections.json, and every number is in [0, 1] or COCO's -1; the trainer's call leaves the model as it found it.
/// </summary>
public class DetectionInferenceTests(RandomDetector detector) : IClassFixture<RandomDetector>
{
    [Fact]
    public void EvaluateScoresBoxesAndMasksAndWritesEvalJsonAndPictures()
    {
        string output = detector.File("eval");
        var notes = new List<string>();
        var scores = DetectionRun.Evaluate(detector.Checkpoint, null, output, pictures: 2, say: notes.Add);
        foreach (var value in scores.Box.Stats.Concat(scores.Mask.Stats))
            Assert.True(value == -1 || value is >= 0 and <= 1, $"{value}");
        Assert.Equal(10, scores.PerClass.Count);
        Assert.Equal("T-shirt/top", scores.PerClass[0].Class);
        Assert.All(scores.PerClass, c => Assert.True(double.IsNaN(c.BoxAp) || c.BoxAp is >= 0 and <= 1));
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "eval.json"))))
        {
            Assert.Equal(scores.Box.Ap, json.RootElement.GetProperty("bbox").GetProperty("AP").GetDouble(), 12);
            Assert.Equal(scores.Mask.ArLarge, json.RootElement.GetProperty("segm").GetProperty("ARl").GetDouble(), 12);
            Assert.Equal(10, json.RootElement.GetProperty("classes").GetArrayLength());
        }
        Assert.True(File.Exists(Path.Combine(output, "predictions", "000001.png")));
        Assert.False(File.Exists(Path.Combine(output, "predictions", "000002.png")));
        var picture = ImageDecoder.DecodeFile(Path.Combine(output, "predictions", "000000.png"));
        Assert.Equal((2 * 256 + 4, 256), (picture.Width, picture.Height));   // ground truth | detections, 64 px x 4
        Assert.All(notes, n => Assert.Contains("continuing so", n));  // auto precision: as the checkpoint trained (fp32), said when this CPU would pick bf16
    }

    [Fact]
    public void TheTrainersValidationCallLeavesTheModelInTrainingModeAndAgreesWithTheCommand()
    {
        var tree = TinyDetectionModel.Tree(detector.Scenes);
        using var model = TinyDetectionModel.Model(tree);
        var set = TinyDetectionModel.Validation(detector.Scenes);
        model.train();
        string output = detector.File("validation");
        Directory.CreateDirectory(output);
        var scores = DetectionReport.Evaluate(model, tree, set, set.ClassNames, output, pictures: 0, batchSize: 16,
                                              DetectionRecipe.Masks(TestMemory.TwoGiBPerImage));
        Assert.True(model.training);
        Assert.False(Directory.Exists(Path.Combine(output, "predictions")));
        var again = DetectionRun.Evaluate(detector.Checkpoint, null, detector.File("eval"), pictures: 0);
        Assert.Equal(scores.Box.Stats, again.Box.Stats);   // the same weights and batch: the same detections
        Assert.Equal(scores.Mask.Stats, again.Mask.Stats);
    }

    [Fact]
    public void EachImageGetsItsOwnDetectionsWhateverTheBatches()
    {
        var tree = TinyDetectionModel.Tree(detector.Scenes);
        using var model = TinyDetectionModel.Model(tree);
        var set = TinyDetectionModel.Validation(detector.Scenes);
        var transform = new DetectionTransform(DetectionDataRecipe.Test(tree), SegmentationRecipe.Input(1));
        Dictionary<int, float[]> Scores(int batch)
        {
            var found = new Dictionary<int, float[]>();
            new DetectionEvaluator(set, transform, batch, workers: 2, new MaskBudget(2L << 30)).Run(model, (i, results) => found.Add(i, results.Select(r => r.Score).ToArray()));
            return found;
        }
        var whole = Scores(16);
        var split = Scores(3);   // images 0 to 2, then 3
        Assert.Equal([0, 1, 2, 3], whole.Keys.Order());
        Assert.Equal([0, 1, 2, 3], split.Keys.Order());
        foreach (var (i, scores) in whole)
        {
            Assert.Equal(scores.Length, split[i].Length);
            for (int k = 0; k < scores.Length; k++) Assert.Equal(scores[k], split[i][k], 1e-4f);
            if (i > 0) Assert.NotEqual(whole[0], scores);   // the images differ, so do their detections
        }
    }

    [Fact]
    public void PredictDrawsEveryImageAndWritesCocoResults()
    {
        string output = detector.File("predicted");
        string input = Path.Combine(detector.Scenes, "images", "validation");
        Assert.Equal(4, DetectionRun.Predict(detector.Checkpoint, input, output, ["MOBYNET.DET.SCORE_THR=0.08"]));
        var files = Directory.GetFiles(input).Select(Path.GetFileName).Order().ToList();
        foreach (var file in files)
        {
            var picture = ImageDecoder.DecodeFile(Path.Combine(output, Path.ChangeExtension(file!, ".png")));
            Assert.Equal((256, 256), (picture.Width, picture.Height));
        }
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "detections.json")));
        var lines = json.RootElement.EnumerateArray().ToList();
        Assert.NotEmpty(lines);  // a random head scores every class near 1/11 > 0.08
        foreach (var line in lines)
        {
            Assert.Contains(line.GetProperty("file_name").GetString(), files);
            long id = line.GetProperty("category_id").GetInt64();
            Assert.InRange(id, 1, 10);
            var bbox = line.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(4, bbox.Length);
            Assert.True(bbox[0] >= 0 && bbox[1] >= 0 && bbox[2] >= 0 && bbox[3] >= 0 && bbox[0] + bbox[2] <= 64.001 && bbox[1] + bbox[3] <= 64.001);
            Assert.InRange(line.GetProperty("score").GetDouble(), 0.08, 1);
            var rle = line.GetProperty("segmentation");
            Assert.Equal([64, 64], rle.GetProperty("size").EnumerateArray().Select(v => v.GetInt32()));
            var mask = RleMask.FromString(System.Text.Encoding.ASCII.GetBytes(rle.GetProperty("counts").GetString()!), 64, 64);
            Assert.InRange(mask.Area, 0, 64 * 64);
        }
        string strict = detector.File("strict");
        Assert.Equal(4, DetectionRun.Predict(detector.Checkpoint, input, strict, ["MOBYNET.DET.SCORE_THR=0.99"]));
        Assert.Equal("[]", File.ReadAllText(Path.Combine(strict, "detections.json")));
    }

    /// <summary>An image whose masks could pass the bound is skipped before its picture's folder is made; when no image is
    /// left, predict fails naming the folder and leaves nothing behind (it returned 0 with an empty sub-folder).</summary>
    [Fact]
    public void PredictFailsAndLeavesNothingWhenTheMaskBoundSkipsEveryImage()
    {
        string input = detector.File("too-big-in"), output = Path.Combine(detector.File("too-big-out"), "run");
        Directory.CreateDirectory(Path.Combine(input, "sub"));
        using (var bitmap = new SkiaSharp.SKBitmap(1500, 1500))
        {
            bitmap.Erase(SkiaSharp.SKColors.Gray);
            using var png = bitmap.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(input, "sub", "big.png"), png.ToArray());
        }
        var said = new List<string>();
        // 1000 detections of a 1500 x 1500 image: 2.1 GiB of masks, over the 2 GiB of an 8 GiB machine.
        var e = Assert.Throws<DataException>(() => DetectionRun.Predict(detector.Checkpoint, input, output, TestMemory.TwoGiBPerImage,
                                                                        ["MOBYNET.DET.MAX_PER_IMG=1000"], said.Add));
        Assert.Contains("none of its 1 image files", e.Message);
        Assert.Contains(said, line => line.Contains("of masks") && line.Contains("big.png"));
        Assert.False(Directory.Exists(output));
    }
}
