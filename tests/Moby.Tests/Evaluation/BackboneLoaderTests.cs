using Moby.Evaluation;
using Moby.Interop;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Evaluation;

public class BackboneLoaderTests
{
    [Fact]
    public void MobyCheckpointLoadsTheOnlineEncoderNotTheTarget()
    {
        using var scope = NewDisposeScope();
        using var checkpoint = CheckpointFile.Read(GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"));
        var state = new Dictionary<string, Tensor>(checkpoint.State);
        // Make the two copies differ, so loading the target by mistake cannot pass.
        state["encoder_k.norm.weight"] = state["encoder.norm.weight"] + 1;
        var modified = new Checkpoint(checkpoint.Path, checkpoint.Format, state, checkpoint.Epoch, checkpoint.Config); // shares the tensors: not disposed

        string yaml = Path.Combine(Directory.CreateTempSubdirectory().FullName, "swin_micro.yaml");
        File.WriteAllText(yaml, Cli.CliTests.SwinMicroYaml);
        using var backbone = BackboneLoader.Load(modified, yaml);

        TensorAssert.Equal(state["encoder.norm.weight"], backbone.state_dict()["norm.weight"], "norm.weight");
    }

    [Fact]
    public void PartialStoredConfigNamesTheGuessedKeysAndSuggestsModel()
    {
        using var checkpoint = CheckpointFile.Read(GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"));
        // An official checkpoint whose config lost its MODEL.SWIN section: the defaults (Swin-T) do not fit swin_micro.
        var partial = new Dictionary<string, object?> { ["MODEL"] = new Dictionary<string, object?> { ["TYPE"] = "moby" } };
        var shared = new Checkpoint(checkpoint.Path, checkpoint.Format, checkpoint.State, checkpoint.Epoch, partial); // shares the tensors: not disposed

        var error = Assert.Throws<CheckpointMismatchException>(() => BackboneLoader.Load(shared, model: null));

        Assert.Contains("lacks 8 architecture keys (MODEL.MOBY.ENCODER, DATA.IMG_SIZE, MODEL.SWIN.PATCH_SIZE", error.Message);
        Assert.Contains("the weights look like Swin: embed 24", error.Message);
        Assert.Contains("--model", error.Message);
        // A count and the first few keys, not the whole architecture.
        Assert.True(error.Message.Length < 1000, error.Message);
    }
}
