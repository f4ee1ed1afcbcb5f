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
}
