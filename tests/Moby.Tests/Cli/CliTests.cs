using Moby.Cli;
using Moby.Interop;
using Xunit;

namespace Moby.Tests.Cli;

public class CliTests
{
    internal const string SwinMicroYaml = """
        MODEL:
          SWIN:
            PATCH_SIZE: 2
            EMBED_DIM: 24
            DEPTHS: [2, 2]
            NUM_HEADS: [2, 4]
            WINDOW_SIZE: 4
        DATA:
          IMG_SIZE: 32
        """;

    [Fact]
    public void FeaturesOnTheGoldenBackboneReproduceTheOfficialOutput()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        string yaml = Path.Combine(dir, "swin_micro.yaml"), output = Path.Combine(dir, "features.safetensors");
        File.WriteAllText(yaml, SwinMicroYaml);
        string golden = GoldenFiles.PathOf("swin_micro.safetensors");
        int code = MobyApp.Run(["features", "--model", yaml, "--weights", golden, "--prefix", "model.", "--input", golden, "--output", output, "--batch-size", "1"]);
        Assert.Equal(0, code);
        using var expected = CheckpointFile.Read(golden);
        using var actual = CheckpointFile.Read(output);
        TensorAssert.RelativeClose(expected.State["output"], actual.State["features"], 1e-5, "features");
    }

    [Theory]
    [InlineData("inspect", "/nonexistent/file.pth")]
    [InlineData("features", "--weights", "/nonexistent.pth", "--input", "/nonexistent.safetensors")]
    [InlineData("pretrain", "--config", "/nonexistent.yaml")]
    [InlineData("pretrain", "--opt", "TRAIN.NOPE=1")]
    public void BadInputFailsWithNonZeroExitCode(params string[] args) => Assert.NotEqual(0, MobyApp.Run(args));

    [Fact]
    public void ArchitectureThatDoesNotFitTheWeightsIsRejected()
    {
        string golden = GoldenFiles.PathOf("swin_micro.safetensors");
        Assert.Equal(1, MobyApp.Run(["features", "--model", "swin_tiny_patch4_window7_224", "--weights", golden, "--prefix", "model.", "--input", golden]));
    }

    [Fact]
    public void ExportWritesOfficialAndBackboneFilesThatLoad()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        Assert.Equal(0, MobyApp.Run(["export", GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"), "--output", dir]));
        using var official = CheckpointFile.Read(Path.Combine(dir, "moby_swin_micro.official-checkpoint.official.pth"));
        Assert.Equal(164, official.State.Count);
        using var backbone = CheckpointFile.Read(Path.Combine(dir, "moby_swin_micro.official-checkpoint.backbone.safetensors"));
        using var expected = CheckpointFile.Read(GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"));
        var encoder = StateDictViews.Backbone(expected.State);
        Assert.Equal(encoder.Keys.Order(), backbone.State.Keys.Order());
        foreach (var (key, tensor) in encoder) TensorAssert.Equal(tensor, backbone.State[key], key);
    }
}
