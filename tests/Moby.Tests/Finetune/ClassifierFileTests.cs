using Moby.Data;
using Moby.Finetune;
using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Finetune;

/// <summary>
/// A classifier checkpoint is a file a user may have damaged or crafted: every entry that loading reads beside the weights
/// (the classifier's class names, normalisation, crop; the head's shapes) is checked, and a bad one is one
/// <see cref="CheckpointFormatException"/> naming the file and the entry, never another exception.
/// </summary>
[Collection(TrainedStripesCollection.Name)]
public class ClassifierFileTests(TrainedStripes trained)
{
    private Dictionary<string, object?> Entry() => new ClassifierInfo(StripeImages.Classes, ChannelStats.ImageNet, 1.0, "imagefolder:x", "all").ToEntry();

    private string Write(Action<Dictionary<string, object?>> craftEntry, Action<Dictionary<string, Tensor>>? craftState = null)
    {
        var entry = Entry();
        craftEntry(entry);
        var state = trained.Result.Model.TimmState().ToDictionary(p => p.Key, p => p.Value);
        craftState?.Invoke(state);
        string path = Path.Combine(MicroRun.TempDir(), "crafted.pth");
        CheckpointFile.WritePth(path, new Dictionary<string, object?> { ["model"] = state, [ClassifierInfo.Key] = entry });
        return path;
    }

    public static TheoryData<string, string> Entries => new()
    {
        { "not a dict", "classifier is" },
        { "no classes", "classifier.classes is None" },
        { "two classes", "names 2 classes, but the head has 3" },
        { "a number as a class", "classifier.classes is a number" },
        { "a long class name", "class names of 1 to 1024 characters" },
        { "mean of two channels", "classifier.mean is a list or tuple, expected a list of 3 numbers" },
        { "zero std", "classifier.std holds a value that is not above 0" },
        { "nan std", "classifier.std" },
        { "crop ratio 5", "classifier.crop_ratio is 5" },
        { "data a number", "classifier.data is a number" },
    };

    [Theory]
    [MemberData(nameof(Entries))]
    public void ADamagedClassifierEntryIsOneClearError(string damage, string expected)
    {
        string path = Write(entry =>
        {
            switch (damage)
            {
                case "not a dict": entry.Clear(); entry["x"] = 1; break;
                case "no classes": entry.Remove("classes"); break;
                case "two classes": entry["classes"] = new List<object?> { "a", "b" }; break;
                case "a number as a class": entry["classes"] = new List<object?> { "a", 3, "c" }; break;
                case "a long class name": entry["classes"] = new List<object?> { "a", new string('x', 2000), "c" }; break;
                case "mean of two channels": entry["mean"] = new List<object?> { 0.5, 0.5 }; break;
                case "zero std": entry["std"] = new List<object?> { 0.2, 0.0, 0.2 }; break;
                case "nan std": entry["std"] = new List<object?> { 0.2, double.NaN, 0.2 }; break;
                case "crop ratio 5": entry["crop_ratio"] = 5.0; break;
                case "data a number": entry["data"] = 42; break;
            }
        });
        if (damage == "not a dict") path = WriteRaw("text instead of a dict");
        var error = Assert.Throws<CheckpointFormatException>(() => ClassifierLoader.Load(path, StripeImages.Model));
        Assert.Contains(expected, error.Message);
        Assert.Contains(path, error.Message);
    }

    private string WriteRaw(object entry)
    {
        string path = Path.Combine(MicroRun.TempDir(), "crafted.pth");
        CheckpointFile.WritePth(path, new Dictionary<string, object?> { ["model"] = trained.Result.Model.TimmState(), [ClassifierInfo.Key] = entry });
        return path;
    }

    [Theory]
    [InlineData("a 1-D head", "expected [classes, features] and [classes]")]
    [InlineData("a bias of another length", "expected [classes, features] and [classes]")]
    [InlineData("no bias", "no classification head")]
    public void ADamagedHeadIsOneClearError(string damage, string expected)
    {
        string path = Write(_ => { }, state =>
        {
            switch (damage)
            {
                case "a 1-D head": state["head.weight"] = zeros(3); break;
                case "a bias of another length": state["head.bias"] = zeros(4); break;
                case "no bias": state.Remove("head.bias"); break;
            }
        });
        var error = Assert.Throws<CheckpointFormatException>(() => ClassifierLoader.Load(path, StripeImages.Model));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void AClassifiersCheckpointLoadsAsABackboneAndStartsAnotherFineTuning()
    {
        string checkpoint = Path.Combine(trained.Directory, "checkpoint.pth");
        using var backbone = MobyBackbone.Load(checkpoint);
        using var images = randn(2, 3, 32, 32);
        using var features = backbone.Embed(images);
        trained.Result.Model.eval(); // no drop path
        using var expected = Moby.Evaluation.FeatureExtractor.Forward(trained.Result.Model.Backbone, images);
        TensorAssert.RelativeClose(expected, features, 1e-5, "the classifier's backbone features");
        // Its 3-class head is dropped: fine-tuning it on 2 classes gets a new head.
        string twoClasses = StripeImages.Write(train: 6, val: 2);
        Directory.Delete(Path.Combine(twoClasses, "train", "checker"), true);
        Directory.Delete(Path.Combine(twoClasses, "val", "checker"), true);
        using var again = FinetuneRun.Execute(StripeImages.Tree(twoClasses, MicroRun.TempDir(), "TRAIN.EPOCHS=1", "FINETUNE.FROM_SCRATCH=false", "FINETUNE.HELD_OUT=2"),
                                                   new FinetuneRun.Start(checkpoint, null), new MicroRun.Silent()).Model;
        Assert.Equal(2, again.Classes);
    }
}

/// <summary>Seeded fuzzing of the classifier entry of a safetensors export (JSON in the metadata): each mutant reads or is one clear error.</summary>
public class ClassifierMetadataFuzzTests
{
    [Fact]
    public void MutatedClassifierMetadataReadsOrFailsClearly()
    {
        var json = new ClassifierInfo(["a", "b", "c"], ChannelStats.ImageNet, 0.875, "imagefolder:/x", "10%").ToMetadata()[ClassifierInfo.Key];
        var valid = System.Text.Encoding.UTF8.GetBytes(json);
        int read = 0, refused = 0;
        foreach (var mutant in Moby.Tests.Data.Mutants.Of(valid, seed: 17, count: 400, hot: Enumerable.Range(0, valid.Length).ToArray())
                     .Concat([System.Text.Encoding.UTF8.GetBytes(new string('[', 5000)), System.Text.Encoding.UTF8.GetBytes("{\"classes\": [\"a\",\"b\",\"c\"], \"mean\": [1e999, 0, 0]}")]))
        {
            using var checkpoint = new Checkpoint("crafted.safetensors", CheckpointFormats.Safetensors, [],
                                                  metadata: new Dictionary<string, string> { [ClassifierInfo.Key] = System.Text.Encoding.UTF8.GetString(mutant) });
            try
            {
                ClassifierInfo.Read(checkpoint, 3, 3, 0.875);
                read++;
            }
            catch (CheckpointFormatException e)
            {
                Assert.Contains("crafted.safetensors", e.Message);
                Assert.DoesNotContain('\n', e.Message);
                refused++;
            }
        }
        Assert.True(read > 0 && refused > 0, $"{read} read, {refused} refused");
    }
}
