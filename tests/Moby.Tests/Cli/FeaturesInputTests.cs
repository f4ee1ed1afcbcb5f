using Moby.Interop;
using Moby.Runs;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Cli;

/// <summary>
/// `moby features --input X.safetensors`: the 'input' tensor comes from the user's file, so a bad one must be
/// one line naming the file and the tensor, not LibTorch's "expected scalar type Long but found Float".
/// </summary>
public class FeaturesInputTests
{
    public static TheoryData<ScalarType, long[], string> BadInputs => new()
    {
        { ScalarType.Float32, [0, 3, 32, 32], "has shape [0, 3, 32, 32], no images" },
        { ScalarType.Int64, [1, 3, 32, 32], "holds Int64 values" },
        { ScalarType.Bool, [1, 3, 32, 32], "holds Bool values" },
        { ScalarType.Float32, [1, 5, 32, 32], "5 channels" },
        { ScalarType.Float32, [3, 32, 32], "has shape [3, 32, 32]" },
        { ScalarType.Float32, [1, 3, 17, 33], "images of 17 x 33" },
    };

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.Float64)]
    public void FloatingPointInputOfAnyPrecisionIsAccepted(ScalarType type)
    {
        using var temp = new TempDir();
        var (input, output, request) = Prepare(temp, zeros([2, 3, 32, 32], type));

        Assert.Equal(2L, FeaturesRun.Execute(request)[0]);
        Assert.True(File.Exists(output));
    }

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputTensorIsNamedWithItsFile(ScalarType type, long[] shape, string expected)
    {
        using var temp = new TempDir();
        var (input, output, request) = Prepare(temp, zeros(shape, type));

        var error = Assert.Throws<ArgumentException>(() => FeaturesRun.Execute(request));

        Assert.StartsWith($"{input}: tensor 'input' ", error.Message);
        Assert.Contains($"{expected}; expected floating-point images [N, 3, 32, 32] with N >= 1", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(output));
    }

    static (string Input, string Output, FeaturesRequest Request) Prepare(TempDir temp, Tensor images)
    {
        var yaml = temp.File("swin_micro.yaml");
        File.WriteAllText(yaml, CliTests.SwinMicroYaml);
        var input = temp.File("in.safetensors");
        using (images) CheckpointFile.WriteSafetensors(input, new Dictionary<string, Tensor> { ["input"] = images });
        var output = temp.File("features.safetensors");
        return (input, output, new FeaturesRequest
        {
            Weights = GoldenFiles.PathOf("swin_micro.safetensors"), Model = yaml, Prefix = "model.", Input = input, Output = output,
        });
    }
}
