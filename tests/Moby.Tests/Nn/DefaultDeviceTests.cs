using System.Runtime.InteropServices;
using Moby.Config;
using Moby.Evaluation;
using Moby.Interop;
using Moby.Runs;
using Moby.Ssl;
using Moby.Tests.Training;
using Moby.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Nn;

/// <summary>
/// The CPU-side check that the library is device-agnostic: every tensor that training, checkpointing, resuming and
/// evaluation make is made on the model's device (or, for files and bookkeeping, explicitly on the CPU), never by a
/// factory call that falls back to the default device, which on a GPU run would silently land on the CPU. The model
/// is built on the CPU as always, then TorchSharp's default device is switched to "meta" (tensors without storage):
/// a tensor made without a device then lands there and the first operation that mixes it with the model's CPU
/// tensors fails, or the results come out on "meta", which the assertions see.
/// </summary>
public class DefaultDeviceTests
{
    [Theory]
    [InlineData]
    [InlineData("MOBYNET.CONV_STEM=True", "MODEL.SWIN.NORM_BEFORE_MLP=bn")] // the BatchNorm paths too
    public void TrainingCheckpointResumeAndEvaluationMakeNoTensorOnTheDefaultDevice(params string[] options)
    {
        string output = MicroRun.TempDir();
        var tree = MicroRun.Tree(output, [.. options, "TRAIN.EPOCHS=1", "MOBYNET.DATA=synthetic:16"]);
        var settings = TrainingRecipe.From(tree);
        manual_seed(0);
        using var model = new MoBY(ModelConfigs.MoBY(tree), CPU);
        var checkpoints = new PretrainCheckpoint(MicroRun.RunDir(output), tree.AsDictionary(), keep: 2);
        using var trainer = new Pretrainer(model, settings, TrainingData.Open(tree, settings, device: CPU), checkpoints, new MicroRun.Silent());
        using var images = randn(12, 3, 16, 16, device: CPU);
        using var labels = arange(12, device: CPU).remainder(3);

        set_default_device(new Device("meta"));
        try
        {
            using (var stray = ones(2))
                Assert.Throws<ExternalException>(() => stray.add(images.flatten()[..2])); // the trap works
            Assert.Equal(RunOutcome.Finished, trainer.Run());
            trainer.Resume(checkpoints.LatestPath);
            using var features = FeatureExtractor.Extract(model.Encoder, images, batchSize: 5);
            Assert.Equal(DeviceType.CPU, features.device_type);
            var knn = KnnClassifier.Evaluate(features, labels, features, labels, numClasses: 3, k: 3);
            Assert.InRange(knn.Top1, 0, 1);
            var probe = LinearProbe.Fast(features, labels, features, labels, numClasses: 3, epochs: 2, lrs: [0.1], weightDecays: [0]);
            Assert.InRange(probe.Test.Top1, 0, 1);
        }
        finally
        {
            set_default_device(CPU);
        }
        using var saved = CheckpointFile.Read(checkpoints.LatestPath);
        Assert.All(saved.State.Values, t => Assert.Equal(DeviceType.CPU, t.device_type));
        Assert.True(saved.State["queue1"].isfinite().all().item<bool>());
    }
}
