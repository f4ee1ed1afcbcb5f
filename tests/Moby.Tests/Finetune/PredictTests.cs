using Moby.Data;
using Moby.Finetune;
using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Training;
using SkiaSharp;
using Xunit;

namespace Moby.Tests.Finetune;

/// <summary>moby predict and the classifier export on the trained stripes run; and the bad inputs of both, each one clear error.</summary>
[Collection(TrainedStripesCollection.Name)]
public class PredictTests(TrainedStripes trained)
{
    private string Checkpoint => Path.Combine(trained.Directory, "checkpoint.pth");

    [Fact]
    public void PredictOnAFolderOfPngsGivesTheClassesTheModelWasTrainedOn()
    {
        string csv = Path.Combine(MicroRun.TempDir(), "predictions.csv");
        var summary = PredictRun.Execute(Checkpoint, null, Path.Combine(trained.Data, "val"), 2, csv);
        Assert.Equal(24, summary.Predictions.Count);
        int right = summary.Predictions.Count(p => summary.Classes[p.Classes[0]] == Path.GetFileName(Path.GetDirectoryName(p.Image)));
        Assert.True(right >= 22, $"{right} of 24 images in their folder's class");
        Assert.Null(summary.Top1); // a plain folder has no labels
        var lines = File.ReadAllLines(csv);
        Assert.Equal("image,class_1,probability_1,class_2,probability_2", lines[0]);
        Assert.Equal(25, lines.Length);
        Assert.All(summary.Predictions, p => Assert.True(p.Probabilities[0] >= p.Probabilities[1] && p.Probabilities.Sum() <= 1.0001));
    }

    [Fact]
    public void PredictOnTheDataSourceScoresItsLabelsAndWritesJson()
    {
        string json = Path.Combine(MicroRun.TempDir(), "predictions.json");
        var summary = PredictRun.Execute(Checkpoint, null, "imagefolder:" + trained.Data, 1, json);
        Assert.True(summary.Top1 >= 0.9, $"top-1 {summary.Top1:P1}");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(json));
        var first = document.RootElement[0];
        Assert.Equal("checker", first.GetProperty("label").GetString());
        Assert.Contains(first.GetProperty("top")[0].GetProperty("class").GetString(), StripeImages.Classes);
    }

    [Fact]
    public void AnImageThatDoesNotDecodeIsSkippedWithAWarningNamingIt()
    {
        string folder = MicroRun.TempDir();
        foreach (var file in Directory.GetFiles(Path.Combine(trained.Data, "val", "vertical"))) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        string damaged = Path.Combine(folder, "damaged.png");
        File.WriteAllBytes(damaged, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        var warnings = new List<string>();
        var summary = PredictRun.Execute(Checkpoint, null, folder, 1, null, warnings.Add);
        Assert.Equal(8, summary.Predictions.Count);
        Assert.Equal(1, summary.Skipped);
        Assert.Contains(warnings, w => w.Contains(damaged) && w.Contains("skipped"));
        Assert.DoesNotContain(summary.Predictions, p => p.Image == damaged);
    }

    [Fact]
    public void NoImageThatDecodesIsOneClearErrorNotAnEmptyTable()
    {
        string folder = MicroRun.TempDir();
        string damaged = Path.Combine(folder, "damaged.png");
        File.WriteAllBytes(damaged, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        File.WriteAllBytes(Path.Combine(folder, "also.jpg"), [1, 2, 3]);
        string output = Path.Combine(folder, "new", "predictions.csv");
        var folderError = Assert.Throws<DataException>(() => PredictRun.Execute(Checkpoint, null, folder, 1, output, _ => { }));
        Assert.Contains(folder, folderError.Message);
        Assert.Contains("none of its 2 images", folderError.Message);
        var fileError = Assert.Throws<DataException>(() => PredictRun.Execute(Checkpoint, null, damaged, 1, output, _ => { }));
        Assert.Contains(damaged, fileError.Message);
        Assert.Throws<DataException>(() => PredictRun.Execute(Checkpoint, null, Path.Combine(folder, "missing"), 1, output, _ => { }));
        Assert.False(Directory.Exists(Path.Combine(folder, "new"))); // made for the file, removed again as nothing was written
    }

    [Fact]
    public void ACheckpointWithoutAHeadIsOneClearError()
    {
        string backbone = Path.Combine(MicroRun.TempDir(), "backbone.pth");
        CheckpointFile.WritePth(backbone, trained.Result.Model.Backbone.state_dict());
        var error = Assert.Throws<CheckpointFormatException>(() => PredictRun.Execute(backbone, StripeImages.Model, trained.Data, 1, null));
        Assert.Contains("no classification head", error.Message);
        Assert.Contains("moby finetune", error.Message);
    }

    [Fact]
    public void AnImageFolderWhoseClassesDifferFromTheCheckpointsIsOneClearError()
    {
        string other = StripeImages.Write(train: 1, val: 1);
        // Renamed in both splits: a val class missing from train is refused by the folder itself (DatasetTests).
        Directory.Move(Path.Combine(other, "train", "vertical"), Path.Combine(other, "train", "zigzag"));
        Directory.Move(Path.Combine(other, "val", "vertical"), Path.Combine(other, "val", "zigzag"));
        var error = Assert.Throws<DataException>(() => PredictRun.Execute(Checkpoint, null, "imagefolder:" + other, 1, null));
        Assert.Contains("'zigzag'", error.Message);
        Assert.Contains("'vertical'", error.Message);
    }

    [Theory]
    [InlineData("predictions.txt", "ending in .csv or .json")]
    public void AnOutputFileOfAnotherKindIsRefusedBeforeAnyWork(string name, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => PredictRun.Execute("/nonexistent.pth", null, trained.Data, 1, Path.Combine(MicroRun.TempDir(), name)));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ExportWritesTimmFilesThatLoadBackBitExactlyWithTheClassNames()
    {
        string folder = MicroRun.TempDir();
        var files = ExportRun.Execute(Checkpoint, folder);
        Assert.Equal([Path.Combine(folder, "checkpoint.classifier.pth"), Path.Combine(folder, "checkpoint.classifier.safetensors")], files);
        using var original = CheckpointFile.Read(Checkpoint);
        foreach (var file in files)
        {
            using var exported = CheckpointFile.Read(file);
            Assert.Equal(original.State.Keys.Order(), exported.State.Keys.Order());
            foreach (var (key, tensor) in original.State) TensorAssert.BitIdentical(tensor, exported.State[key], $"{file}: {key}");
            Assert.Null(exported.Config);
        }
        using var classifier = ImageClassifier.Load(files[1], StripeImages.Model);
        Assert.Equal(StripeImages.Classes, classifier.Classes);
        using var fromPth = ImageClassifier.Load(files[0], StripeImages.Model);
        Assert.Equal(["0", "1", "2"], fromPth.Classes); // a bare state_dict names no classes
    }

    [Fact]
    public void GrayAndColourImagesAreConvertedToTheChannelsOfTheModel()
    {
        var rgb = DecodedImage.Create([10, 200, 30, 255, 255, 255], 2, 1, 3);
        var gray = ImageChannels.To(rgb, 1);
        Assert.Equal([Grayscale.Luma(10, 200, 30), 255], gray.Pixels.ToArray());
        Assert.Equal([7, 7, 7], ImageChannels.To(DecodedImage.Create([7], 1, 1, 1), 3).Pixels.ToArray());
    }
}
