using Moby.Config;
using Moby.Tests.Finetune;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Api;

/// <summary>The library's front door for fine-tuning and classifying: typed settings, progress, no files unless asked, a classifier to use.</summary>
[Collection(TrainedStripesCollection.Name)]
public class FinetuningApiTests(TrainedStripes trained)
{
    private FinetuningSettings Tiny(string? output = null) => new()
    {
        Model = StripeImages.Model, FromScratch = true, Data = "imagefolder:" + trained.Data, Epochs = 2, WarmupEpochs = 0, BatchSize = 8,
        BaseLearningRate = 0.2, HeldOut = 6, Workers = 1, OutputDirectory = output, Options = ["AUG.MIXUP=0", "AUG.CUTMIX=0", "MOBYNET.EVAL_CROP_RATIO=1.0"],
    };

    private sealed class Recorder : IProgress<FinetuningProgress>
    {
        public List<FinetuningProgress> Reports { get; } = [];
        public void Report(FinetuningProgress value) => Reports.Add(value);
    }

    [Fact]
    public async Task RunWithoutOutputFolderReportsEveryStepAndReturnsAClassifierScoredOnTheTestSplit()
    {
        var recorder = new Recorder();
        using var result = await Finetuning.RunAsync(Tiny(), recorder);
        Assert.Equal(FinetuningOutcome.Finished, result.Outcome);
        Assert.Equal(Enumerable.Range(1, 16).Select(s => (long)s), recorder.Reports.Select(r => r.Step)); // 2 epochs of 66 images in batches of 8
        Assert.Null(result.CheckpointPath);
        Assert.InRange(result.TestTop1!.Value, 0, 1);
        Assert.Equal(StripeImages.Classes, result.Classifier.Classes);
        using var probabilities = result.Classifier.Classify(randn(2, 3, 32, 32));
        TensorAssert.RelativeClose(ones(2), probabilities.sum(1), 1e-5, "probabilities sum to 1");
    }

    [Fact]
    public void TheTrainedCheckpointClassifiesFilesAndFolders()
    {
        using var classifier = ImageClassifier.Load(Path.Combine(trained.Directory, "checkpoint.pth"));
        Assert.Equal((32, 3), (classifier.ImageSize, classifier.Channels));
        var one = classifier.ClassifyFile(Directory.GetFiles(Path.Combine(trained.Data, "val", "horizontal"))[0], topK: 3);
        Assert.Equal("horizontal", one.Top[0].Class);
        Assert.Equal(3, one.Top.Count);
        Assert.Equal(1.0, one.Top.Sum(c => c.Probability), 4);
        var folder = classifier.ClassifyFolder(Path.Combine(trained.Data, "val"), topK: 1);
        Assert.True(folder.Count(p => p.Top[0].Class == Path.GetFileName(Path.GetDirectoryName(p.Image))) >= 22);
    }

    [Fact]
    public void SettingsOutOfRangeAreRefusedBeforeTheTaskStarts()
    {
        var labels = Assert.Throws<ConfigException>(() => { _ = Finetuning.RunAsync(Tiny() with { Labels = "0.5 of them" }); });
        Assert.Contains("FINETUNE.LABELS", labels.Message);
        var decay = Assert.Throws<ConfigException>(() => { _ = Finetuning.RunAsync(Tiny() with { LayerDecay = 1.5 }); });
        Assert.Contains("FINETUNE.LAYER_DECAY", decay.Message);
    }
}
