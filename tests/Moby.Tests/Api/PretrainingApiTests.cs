using Moby.Config;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Api;

/// <summary>The library's front door for pre-training: typed settings, progress, cancellation, no files unless asked.</summary>
public class PretrainingApiTests
{
    private static PretrainingSettings Tiny(string? output = null) => new()
    {
        Model = "swin_nano_patch2_window7_28", Data = "synthetic:16", Epochs = 2, WarmupEpochs = 0, BatchSize = 4,
        QueueSize = 8, ProjectorHiddenSize = 32, Options = ["MOBYNET.MOBY.OUT_DIM=16"], OutputDirectory = output,
    };

    /// <summary>Reports synchronously (Progress&lt;T&gt; posts to the thread pool), and can cancel at a given step.</summary>
    private sealed class Recorder(CancellationTokenSource? cancel = null, long cancelAt = 0) : IProgress<PretrainingProgress>
    {
        public List<PretrainingProgress> Reports { get; } = [];

        public void Report(PretrainingProgress value)
        {
            Reports.Add(value);
            if (value.Step == cancelAt) cancel?.Cancel();
        }
    }

    [Fact]
    public async Task RunWithoutOutputFolderReportsEveryStepAndReturnsAWorkingBackbone()
    {
        bool runsBefore = Directory.Exists("runs");
        var recorder = new Recorder();
        using var result = await Pretraining.RunAsync(Tiny(), recorder);

        Assert.Equal(PretrainingOutcome.Finished, result.Outcome);
        Assert.Equal(8, result.Steps); // 2 epochs of 16 images in batches of 4
        Assert.Equal(Enumerable.Range(1, 8).Select(s => (long)s), recorder.Reports.Select(r => r.Step));
        Assert.All(recorder.Reports, r => Assert.Equal(8, r.TotalSteps));
        Assert.True(double.IsFinite(result.LastLoss!.Value));
        Assert.Null(result.CheckpointPath);
        Assert.Equal(runsBefore, Directory.Exists("runs"));

        using var images = randn(2, 3, 28, 28);
        using var features = result.Backbone.Embed(images);
        Assert.Equal([2L, result.Backbone.FeatureSize], features.shape);
    }

    [Fact]
    public async Task CancellationStopsAfterTheCurrentStepWithTheBackboneSoFar()
    {
        using var cancel = new CancellationTokenSource();
        using var result = await Pretraining.RunAsync(Tiny(), new Recorder(cancel, cancelAt: 3), cancel.Token);
        Assert.Equal(PretrainingOutcome.Cancelled, result.Outcome);
        Assert.Equal(3, result.Steps);
    }

    [Fact]
    public async Task OutputFolderGetsTheRunAndItsCheckpointLoadsAsABackbone()
    {
        string output = Directory.CreateTempSubdirectory("moby-test-").FullName;
        using var result = await Pretraining.RunAsync(Tiny(output));
        Assert.Equal(Path.Combine(output, "swin_nano_patch2_window7_28", "default", "checkpoint.pth"), result.CheckpointPath);
        using var loaded = MobyBackbone.Load(result.CheckpointPath!);
        using var images = randn(2, 3, 28, 28);
        using var expected = result.Backbone.Embed(images);
        using var actual = loaded.Embed(images);
        TensorAssert.Equal(expected, actual, "features");
    }

    [Fact]
    public void SettingsOutOfRangeAreRefusedBeforeTheTaskStarts()
    {
        var zeroEpochs = Assert.Throws<ConfigException>(() => { _ = Pretraining.RunAsync(Tiny() with { Epochs = 0 }); });
        Assert.Contains("TRAIN.EPOCHS", zeroEpochs.Message);
        var unknown = Assert.Throws<ArgumentException>(() => { _ = Pretraining.RunAsync(Tiny() with { Model = "resnet50" }); });
        Assert.Contains("resnet50", unknown.Message);
    }
}
