using Moby.Data;
using Moby.Finetune;
using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Finetune;

/// <summary>One tiny fine-tuning run on stripe images, trained once for the tests that read its results.</summary>
public sealed class TrainedStripes : IDisposable
{
    public string Data { get; } = StripeImages.Write();
    public string Output { get; } = MicroRun.TempDir();
    internal FinetuneResult Result { get; }
    public List<double> Losses { get; } = [];

    public TrainedStripes()
    {
        Result = FinetuneRun.Execute(StripeImages.Tree(Data, Output), new FinetuneRun.Start(null, StripeImages.Model), new LossRecorder(Losses),
                                     plots: new Moby.Reporting.PngPlots());
    }

    public string Directory => Path.Combine(Output, "tiny", "all-scratch");

    private sealed class LossRecorder(List<double> losses) : IPretrainObserver
    {
        public void Iteration(IterationMetrics metrics) => losses.Add(metrics.Loss);
    }

    public void Dispose() => Result.Model.Dispose();
}

/// <summary>The test classes that read the one trained run share it.</summary>
[CollectionDefinition(Name)]
public sealed class TrainedStripesCollection : ICollectionFixture<TrainedStripes>
{
    public const string Name = "trained stripes";
}

/// <summary>A whole fine-tuning run: it learns, writes what a run writes, and resumes exactly.</summary>
[Collection(TrainedStripesCollection.Name)]
public class FinetuneRunTests(TrainedStripes trained)
{
    [Fact]
    public void FineTuningATinySetLearnsToSeparateIt()
    {
        var test = trained.Result.Test!;
        Assert.True(test.Top1 >= 0.9, $"test top-1 {test.Top1:P1}; chance is 33 %");
        Assert.True(trained.Losses.TakeLast(5).Average() < 0.6 * trained.Losses.Take(5).Average(),
                    $"the loss fell from {trained.Losses.Take(5).Average():F3} to {trained.Losses.TakeLast(5).Average():F3}");
    }

    [Fact]
    public void TheRunWritesCheckpointsMetricsPlotsAndTheTestScore()
    {
        foreach (var file in new[] { "config.yaml", "metrics.jsonl", "checkpoint.pth", "loss.png", "lr.png", "accuracy.png", "test.json", "confusion.png" })
            Assert.True(File.Exists(Path.Combine(trained.Directory, file)), file);
        var records = MetricsFile.Read(Path.Combine(trained.Directory, "metrics.jsonl")).ToList();
        // 72 train images, 6 held out: 66 labelled in batches of 8 (the last partial one dropped) for 8 epochs.
        Assert.Equal(8 * 8, records.Count(r => r.Type == "iter"));
        // Held out every third epoch (HELD_OUT_EVERY=3) and after the last: epochs 3, 6 and 8.
        Assert.Equal([3, 6, 8], records.Where(r => r.Type == "monitor" && r.Text.Contains(HeldOutMonitor.Name)).Select(r => (int)r.Numbers["epoch"] + 1));
        Assert.Equal(8, records.Count(r => r.Type == "monitor" && r.Text.Contains(Finetuner.TrainTop1)));
        Assert.DoesNotContain(records, r => r.Text.Contains("momentum"));
    }

    [Fact]
    public void TheCheckpointNamesItsArchitectureClassesAndNormalisation()
    {
        using var checkpoint = CheckpointFile.Read(Path.Combine(trained.Directory, "checkpoint.pth"));
        Assert.Equal([3L, 192L], checkpoint.State["head.weight"].shape);
        var (model, info) = ClassifierLoader.Load(checkpoint.Path);
        using (model)
        {
            Assert.Equal(StripeImages.Classes, info.Classes);
            Assert.Equal(ChannelStats.ImageNet.Mean, info.Stats.Mean);
            Assert.Equal(ChannelStats.ImageNet.Std, info.Stats.Std);
            Assert.Equal(1.0, info.CropRatio);
            Assert.Equal("all", info.Labels);
            foreach (var (key, tensor) in trained.Result.Model.TimmState()) TensorAssert.Equal(tensor, model.TimmState()[key], key);
        }
    }

    [Fact]
    public void InterruptedAndResumedRunEndsBitIdenticalToAnUninterruptedOne()
    {
        string straight = MicroRun.TempDir(), resumed = MicroRun.TempDir();
        string[] shorter = ["TRAIN.EPOCHS=2", "MODEL.DROP_PATH_RATE=0.2", "AUG.MIXUP=0.8", "AUG.CUTMIX=1.0"];
        var start = new FinetuneRun.Start(null, StripeImages.Model);
        using (FinetuneRun.Execute(StripeImages.Tree(trained.Data, straight, shorter), start, new MicroRun.Silent()).Model) { }
        using (var stop = new CancellationTokenSource())
        {
            var stopped = FinetuneRun.Execute(StripeImages.Tree(trained.Data, resumed, shorter), start, new MicroRun.StopAfter(5, stop), stop: stop.Token);
            stopped.Model.Dispose();
            Assert.Equal(RunOutcome.Interrupted, stopped.Outcome);
        }
        using (FinetuneRun.Execute(StripeImages.Tree(trained.Data, resumed, shorter), start, new MicroRun.Silent()).Model) { }
        using var expected = CheckpointFile.Read(Path.Combine(straight, "tiny", "all-scratch", "checkpoint.pth"));
        using var actual = CheckpointFile.Read(Path.Combine(resumed, "tiny", "all-scratch", "checkpoint.pth"));
        Assert.Equal(expected.State.Keys, actual.State.Keys);
        foreach (var (key, tensor) in expected.State) TensorAssert.BitIdentical(tensor, actual.State[key], key);
    }

    /// <summary>The checkpoint records the matmul precision; a resume with the default (auto) keeps it, whatever this CPU would choose.</summary>
    [Fact]
    public void AResumedRunKeepsTheCheckpointsPrecision()
    {
        string output = MicroRun.TempDir();
        var start = new FinetuneRun.Start(null, StripeImages.Model);
        using (FinetuneRun.Execute(StripeImages.Tree(trained.Data, output, "TRAIN.EPOCHS=1", "MOBYNET.PRECISION=bf16"), start, new MicroRun.Silent()).Model) { }
        string latest = Path.Combine(output, "tiny", "all-scratch", "checkpoint.pth");
        using (var checkpoint = CheckpointFile.Read(latest))
            Assert.Equal("bf16", ((IReadOnlyDictionary<string, object?>)checkpoint.Extra["mobynet"]!)["precision"]);
        var seen = new PrecisionSeen();
        using (FinetuneRun.Execute(StripeImages.Tree(trained.Data, output, "TRAIN.EPOCHS=2", "MOBYNET.PRECISION=auto"), start, seen).Model) { }
        Assert.NotEmpty(seen.Types);
        Assert.Equal([TorchSharp.torch.ScalarType.BFloat16], seen.Types.Distinct());
    }

    /// <summary>A crafted position is checked against the run's loop (8 epochs of 8 steps) before anything trains.</summary>
    [Theory]
    [InlineData(8, 65L, "mobynet.step is 65, but epoch 8 and batch 0 at 8 steps per epoch are a step from 8 to 64")]
    [InlineData(9, 72L, "mobynet.epoch is 9 (batch 0), past the end of this run: 8 epochs of 8 steps")]
    public void AResumedPositionOutsideTheRunIsOneErrorNamingTheKey(int epoch, long step, string expected)
    {
        string crafted = Path.Combine(MicroRun.TempDir(), "crafted.pth");
        using (var checkpoint = CheckpointFile.Read(Path.Combine(trained.Directory, "checkpoint.pth")))
        {
            var content = new Dictionary<string, object?>(checkpoint.Extra) { ["model"] = checkpoint.State, ["optimizer"] = checkpoint.Optimizer, ["config"] = checkpoint.Config };
            content["mobynet"] = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)content["mobynet"]!) { ["epoch"] = epoch, ["step"] = step };
            CheckpointFile.WritePth(crafted, content);
        }
        var start = new FinetuneRun.Start(null, StripeImages.Model);
        var e = Assert.Throws<CheckpointFormatException>(() => FinetuneRun.Execute(StripeImages.Tree(trained.Data, MicroRun.TempDir()), start, new MicroRun.Silent(), resume: crafted));
        Assert.Contains(crafted, e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void ADeviceThisMachineLacksIsOneLineBeforeAnythingIsWritten()
    {
        if (TorchSharp.torch.cuda.is_available()) return;
        string output = MicroRun.TempDir();
        var start = new FinetuneRun.Start(null, StripeImages.Model);
        Assert.Contains("MOBYNET.DEVICE is 'cuda:1'", Assert.Throws<ArgumentException>(
            () => FinetuneRun.Execute(StripeImages.Tree(trained.Data, output, "MOBYNET.DEVICE=cuda:1"), start, new MicroRun.Silent())).Message);
        Assert.False(Directory.Exists(Path.Combine(output, "tiny")));
    }

    [Fact]
    public void PretrainedWeightsAreTheStartingPointAndFromScratchIgnoresThem()
    {
        string weights = Path.Combine(MicroRun.TempDir(), "backbone.pth");
        using (var model = new Classifier(Moby.Backbones.BackboneRegistry.Create(StripeImages.Model), 3))
            CheckpointFile.WritePth(weights, model.Backbone.state_dict());
        using var backbone = CheckpointFile.Read(weights);
        var start = new FinetuneRun.Start(weights, StripeImages.Model);
        string[] noTraining = ["TRAIN.EPOCHS=1", "TRAIN.BASE_LR=1e-12", "TRAIN.WARMUP_LR=0", "TRAIN.MIN_LR=0", "TRAIN.WEIGHT_DECAY=0"];
        using (var pretrained = FinetuneRun.Execute(StripeImages.Tree(trained.Data, MicroRun.TempDir(), [.. noTraining, "FINETUNE.FROM_SCRATCH=false"]), start, new MicroRun.Silent()).Model)
            TensorAssert.RelativeClose(backbone.State["layers.0.blocks.0.attn.qkv.weight"], pretrained.TimmState()["layers.0.blocks.0.attn.qkv.weight"], 1e-6, "pre-trained");
        using var scratch = FinetuneRun.Execute(StripeImages.Tree(trained.Data, MicroRun.TempDir(), noTraining), start, new MicroRun.Silent()).Model;
        Assert.False(backbone.State["layers.0.blocks.0.attn.qkv.weight"].allclose(scratch.TimmState()["layers.0.blocks.0.attn.qkv.weight"]));
    }

    [Fact]
    public void LabelsAskingForMoreImagesThanAClassHasAreOneClearError()
    {
        var error = Assert.Throws<DataException>(() =>
            FinetuneRun.Execute(StripeImages.Tree(trained.Data, MicroRun.TempDir(), "FINETUNE.LABELS=30-per-class"), new FinetuneRun.Start(null, StripeImages.Model),
                                new MicroRun.Silent()));
        Assert.Contains("30-per-class", error.Message);
        Assert.Contains("at most", error.Message);
    }
}
