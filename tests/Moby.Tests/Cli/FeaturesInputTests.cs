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

    /// <summary>
    /// The dtype and shape come from the file's header and are checked before any of the payload is read: these files
    /// declare gigabytes (sparse: they take no disk), which were read whole into memory before the check.
    /// </summary>
    [Theory]
    [InlineData("F32", 5, "has shape [1048576, 5, 32, 32], 5 channels")]
    [InlineData("I64", 3, "holds Int64 values")]
    public void TheInputIsCheckedFromItsHeaderBeforeItsPayloadIsRead(string dtype, int channels, string expected)
    {
        using var temp = new TempDir();
        var (input, output, request) = Prepare(temp, zeros([1, 3, 32, 32]));
        Sparse(input, dtype, [1 << 20, channels, 32, 32]);
        var error = Assert.Throws<ArgumentException>(() => FeaturesRun.Execute(request, TestMemory.TwoGiBPerImage));
        Assert.Equal($"{input}: tensor 'input' {expected}; expected floating-point images [N, 3, 32, 32] with N >= 1.", error.Message);
        Assert.False(File.Exists(output));
    }

    /// <summary>The features of every image are held: a file that declares more images than they can be held for (a 412 GB
    /// sparse file here, 67 million images of 48 features) is refused before any is read, naming the file and the limit.</summary>
    [Fact]
    public void MoreImagesThanTheirFeaturesCanBeHeldForAreRefused()
    {
        using var temp = new TempDir();
        var (input, output, request) = Prepare(temp, zeros([1, 3, 32, 32]));
        Sparse(input, "F16", [1 << 26, 3, 32, 32]);
        var error = Assert.Throws<ArgumentException>(() => FeaturesRun.Execute(request, TestMemory.TwoGiBPerImage));
        Assert.StartsWith($"{input}: tensor 'input' holds 67,108,864 images, whose 48 features each would need about 24.0 GiB, more than the limit of 8.0 GiB", error.Message);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(File.Exists(output));
    }

    /// <summary>The images are read a batch at a time: the features are those of the whole tensor at once, in any precision.</summary>
    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.BFloat16)]
    public void ImagesReadABatchAtATimeGiveTheFeaturesOfTheWholeTensor(ScalarType type)
    {
        using var temp = new TempDir();
        manual_seed(3);
        using var images = randn([5, 3, 32, 32]).to(type);
        var (input, output, request) = Prepare(temp, images.clone());
        FeaturesRun.Execute(request with { BatchSize = 2 });
        using var model = Moby.Evaluation.BackboneLoader.Load(request.Weights, request.Model, request.Prefix);
        using var converted = images.to(ScalarType.Float32);
        using var expected = Moby.Evaluation.FeatureExtractor.Extract(model, converted, 5);
        using var written = CheckpointFile.Read(output);
        TensorAssert.RelativeClose(expected, written.State["features"], 1e-5, "features");
    }

    [Fact]
    public void AnInputThatIsNotASafetensorsFileIsRefusedNamingIt()
    {
        using var temp = new TempDir();
        var (input, output, request) = Prepare(temp, zeros([1, 3, 32, 32]));
        CheckpointFile.WritePth(input, new Dictionary<string, object?> { ["input"] = zeros([1, 3, 32, 32]) });
        var error = Assert.Throws<CheckpointFormatException>(() => FeaturesRun.Execute(request));
        Assert.Contains(input, error.Message);
        Assert.Contains("expected a safetensors file", error.Message);
        Assert.False(File.Exists(output));
    }

    /// <summary>A safetensors file whose one tensor, 'input', declares <paramref name="shape"/>: the header, then a payload
    /// of the right length that is a hole in the file (it takes no disk and reads as zeros).</summary>
    static void Sparse(string path, string dtype, long[] shape)
    {
        long bytes = shape.Aggregate(dtype switch { "F16" => 2L, "F32" => 4L, _ => 8L }, (a, b) => a * b);
        var json = $$$"""{"input":{"dtype":"{{{dtype}}}","shape":[{{{string.Join(",", shape)}}}],"data_offsets":[0,{{{bytes}}}]}}""";
        json += new string(' ', (8 - json.Length % 8) % 8);
        using var file = File.Create(path);
        file.Write(BitConverter.GetBytes((ulong)json.Length));
        file.Write(System.Text.Encoding.ASCII.GetBytes(json));
        file.SetLength(file.Position + bytes);
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
