using Moby.Data;
using Moby.Interop;
using Moby.Runs;
using Moby.Segmentation;
using Moby.Tests.Distributed;
using Moby.Tests.Segmentation;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>A tiny detection run (one epoch) whose checkpoint the tests damage.</summary>
public sealed class TrainedDetection : IDisposable
{
    private readonly TempDir dir = new();

    public string Scenes { get; }
    public string Checkpoint { get; }

    public TrainedDetection()
    {
        Scenes = TinyScenes.Write(dir);
        Checkpoint = Path.Combine(DetectionRun.Train(TinyDetection.Tree(Scenes, dir.Path, "trained", 1), null, fromScratch: true, new Observers()).Directory,
                                  PyramidCheckpoint.Latest);
    }

    /// <summary>A path in the fixture's folder (nothing written).</summary>
    public string File(string relative) => dir.File(relative);

    public void Dispose() => dir.Dispose();
}

/// <summary>
/// Resuming detect train from a damaged or crafted checkpoint: one clear error naming the file and what is wrong
/// (a weight missing or of another shape, the optimizer state, the position), before anything trains; and the
/// command line around the run.
/// </summary>
public class DetectionResumeTests(TrainedDetection trained) : IClassFixture<TrainedDetection>
{
    private DetectionTraining Resume(string checkpoint, string tag, params string[] more) =>
        DetectionRun.Train(TinyDetection.Tree(trained.Scenes, trained.File("resume"), tag, 2, more), null, fromScratch: true, new Observers(), resume: checkpoint);

    /// <summary>The trained checkpoint rewritten with <paramref name="edit"/> applied to its top-level entries.</summary>
    private string Rewritten(Action<Dictionary<string, object?>> edit)
    {
        using var checkpoint = CheckpointFile.Read(trained.Checkpoint);
        var content = new Dictionary<string, object?>(checkpoint.Extra)
        {
            ["state_dict"] = new Dictionary<string, Tensor>(checkpoint.State), ["config"] = checkpoint.Config, ["optimizer"] = checkpoint.Optimizer,
        };
        edit(content);
        string path = trained.File($"{Guid.NewGuid():N}.pth");
        CheckpointFile.WritePth(path, content);
        return path;
    }

    private static Dictionary<string, Tensor> Weights(Dictionary<string, object?> content) => (Dictionary<string, Tensor>)content["state_dict"]!;

    [Fact]
    public void TheCheckpointHasMmdetsLayoutAndResumesToTheNextEpoch()
    {
        using (var checkpoint = CheckpointFile.Read(trained.Checkpoint))
        {
            Assert.Equal(["detection", "meta", "mobynet"], checkpoint.Extra.Keys.Order());
            Assert.NotNull(checkpoint.Config);
            Assert.NotNull(checkpoint.Optimizer);
            Assert.Contains("rpn_head.rpn_cls.weight", checkpoint.State.Keys);
        }
        var messages = new MicroRun.Messages();
        var run = DetectionRun.Train(TinyDetection.Tree(trained.Scenes, trained.File("resume"), "next", 2), null, true, messages, resume: trained.Checkpoint);
        Assert.Equal(RunOutcome.Finished, run.Outcome);
        Assert.Equal([1.0], TinyDetection.Iterations(run.Directory).Select(r => r["epoch"]).Distinct());
        Assert.Contains(messages.Lines, l => l.StartsWith($"Resumed from {trained.Checkpoint}"));
    }

    [Fact]
    public void AMissingOrMisshapenWeightNamesTheKeyAndTheFile()
    {
        string missing = Rewritten(c => Weights(c).Remove("roi_head.mask_head.conv_logits.weight"));
        var e = Assert.Throws<CheckpointMismatchException>(() => Resume(missing, "missing"));
        Assert.Contains("roi_head.mask_head.conv_logits.weight", e.Message);
        Assert.Contains(missing, e.Message);
        string misshapen = Rewritten(c => Weights(c)["roi_head.bbox_head.fc_cls.bias"] = zeros(3));
        e = Assert.Throws<CheckpointMismatchException>(() => Resume(misshapen, "misshapen"));
        Assert.Contains("roi_head.bbox_head.fc_cls.bias", e.Message);
        // A checkpoint of other heads: every weight of another shape named at once.
        e = Assert.Throws<CheckpointMismatchException>(() => Resume(trained.Checkpoint, "wider", "MOBYNET.DET.BOX_FC_CHANNELS=64"));
        Assert.Contains("roi_head.bbox_head.shared_fcs.1.weight", e.Message);
        Assert.Contains(trained.Checkpoint, e.Message);
    }

    [Fact]
    public void ADamagedOptimizerOrPositionIsOneErrorNamingTheEntry()
    {
        string noOptimizer = Rewritten(c => c.Remove("optimizer"));
        Assert.Contains("optimizer.state", Assert.Throws<CheckpointFormatException>(() => Resume(noOptimizer, "optimizer")).Message);
        string step = Rewritten(c => c["mobynet"] = new Dictionary<string, object?> { ["epoch"] = 0, ["batch"] = 0, ["step"] = -5L, ["precision"] = "fp32" });
        Assert.Contains("mobynet.step", Assert.Throws<CheckpointFormatException>(() => Resume(step, "step")).Message);
        string batch = Rewritten(c => c["mobynet"] = new Dictionary<string, object?> { ["epoch"] = 0, ["batch"] = 99, ["step"] = 1L, ["precision"] = "fp32" });
        var e = Assert.Throws<CheckpointFormatException>(() => Resume(batch, "batch"));
        Assert.Contains("mobynet.batch is 99", e.Message);
        Assert.Contains(batch, e.Message);
        string precision = Rewritten(c => c["mobynet"] = new Dictionary<string, object?> { ["epoch"] = 0, ["batch"] = 1, ["step"] = 1L, ["precision"] = "fp8" });
        Assert.Contains("mobynet.precision is 'fp8', expected 'fp32' or 'bf16'", Assert.Throws<CheckpointFormatException>(() => Resume(precision, "precision")).Message);
    }

    [Fact]
    public void APositionOutOfStepWithItsEpochOrAnOptimizerAheadOfItIsRefused()
    {
        string behind = Rewritten(c => c["mobynet"] = new Dictionary<string, object?> { ["epoch"] = 0, ["batch"] = 0, ["step"] = 1L, ["precision"] = "fp32" });
        var e = Assert.Throws<CheckpointFormatException>(() => Resume(behind, "behind"));
        Assert.Contains("mobynet.step is 1, but epoch 0 and batch 0 at ", e.Message);
        Assert.Contains(behind, e.Message);
        string ahead = Rewritten(c => c["mobynet"] = new Dictionary<string, object?>((IReadOnlyDictionary<string, object?>)c["mobynet"]!) { ["fitted_steps"] = 1L });
        Assert.Contains("mobynet.fitted_steps is 1, but the run stands at step", Assert.Throws<CheckpointFormatException>(() => Resume(ahead, "fitted")).Message);
    }

    [Fact]
    public void ATruncatedCheckpointNamesTheFile()
    {
        string path = trained.File("cut.pth");
        var bytes = System.IO.File.ReadAllBytes(trained.Checkpoint);
        System.IO.File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<CheckpointFormatException>(() => Resume(path, "cut"));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void DetectTrainRunsFromTheCommandLineWithTheSharedOptions()
    {
        string config = trained.File("tiny.yaml");
        System.IO.File.WriteAllText(config, TinyDetection.Tree(trained.Scenes, trained.File("cli-runs"), "cli", 4).ToYaml());
        var (code, output) = Cli.CliProcessTests.Run("detect", "train", "--config", config, "--from-scratch", "--epochs", "1", "--batch-size", "4",
                                                     "--precision", "bf16", "--tag", "flags", "--threads", "1", "--quiet");
        Assert.True(code == 0, output);
        using var checkpoint = CheckpointFile.Read(trained.File("cli-runs/detect/flags/checkpoint.pth"));
        var position = (IReadOnlyDictionary<string, object?>)checkpoint.Extra["mobynet"]!;
        Assert.Equal(("bf16", 1L), ((string)position["precision"]!, Convert.ToInt64(position["epoch"])));
        Assert.True(System.IO.File.Exists(trained.File("cli-runs/detect/flags/terms.png")));
    }

    /// <summary>
    /// Two processes of batch 1 train as one batch of 2: each reads half of every epoch, so the epoch has half as many
    /// steps as there are training images. (Not compared with one process of batch 2 weight for weight: the samplers
    /// draw per rank, and mmdet's mask loss averages over each rank's positives, so the two are not the same sums.)
    /// </summary>
    [MpiFact]
    public void TwoProcessesShareEachEpoch()
    {
        string config = trained.File("mpi.yaml");
        var tree = TinyDetection.Tree(trained.Scenes, trained.File("mpi-runs"), "mpi", 1);
        System.IO.File.WriteAllText(config, tree.ToYaml());
        var (code, output) = MpiRun.Run(2, TimeSpan.FromMinutes(5), MpiRun.Cli, "detect", "train", "--config", config, "--from-scratch",
                                        "--batch-size", "1", "--threads", "1", "--quiet");
        Assert.True(code == 0, output);
        int images = DetectionDataRecipe.TrainingIndices(tree, DetectionDataRecipe.Open(tree, null, DataSplit.Train, null)).Length;
        using var checkpoint = CheckpointFile.Read(trained.File("mpi-runs/detect/mpi/checkpoint.pth"));
        var position = (IReadOnlyDictionary<string, object?>)checkpoint.Extra["mobynet"]!;
        Assert.Equal(((long)images / 2, 1L), (Convert.ToInt64(position["step"]), Convert.ToInt64(position["epoch"])));
        Assert.Equal(images / 2, TinyDetection.Iterations(trained.File("mpi-runs/detect/mpi")).Count);
    }
}
