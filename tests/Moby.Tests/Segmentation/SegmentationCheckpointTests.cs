using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Interop;
using Moby.Segmentation;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Segmentation;

/// <summary>The architecture entry of a segmentation checkpoint round-trips, and a damaged one is one clear error naming the file and key.</summary>
public class SegmentationCheckpointTests
{
    private static readonly SwinConfig Backbone = PyramidTransfer.Config(SegmentationModelTests.Pretrained, null, 0);

    /// <summary>A checkpoint holding the entry and as many weights as the backbone has (one tensor standing for them).</summary>
    private static Checkpoint With(Dictionary<string, object?> entry) =>
        new("seg.pth", CheckpointFormats.Pth, new Dictionary<string, Tensor> { ["w"] = zeros(200_000) },
            extra: new Dictionary<string, object?> { ["segmentation"] = entry });

    [Fact]
    public void ArchitectureAndClassesRoundTrip()
    {
        using var checkpoint = With(PyramidArchitecture.Describe(Backbone, ["bg", "a"]));
        var (config, classes) = PyramidArchitecture.Segmentation.Read(checkpoint);
        Assert.Equal(["bg", "a"], classes);
        Assert.Equal([8, 4, 2], config.StageWindows!);
        Assert.Equal((Backbone.EmbedDim, Backbone.InChans, Backbone.ConvStem, true), (config.EmbedDim, config.InChans, config.ConvStem, config.Padded));
        Assert.Equal(Backbone.Depths, config.Depths);
    }

    [Theory]
    [InlineData("embed_dim", -3, "segmentation.embed_dim is")]
    [InlineData("depths", "x", "segmentation.depths is")]
    [InlineData("classes", 5, "segmentation.classes")]
    [InlineData("conv_stem", 1, "segmentation.conv_stem is")]
    [InlineData("mlp_ratio", 1000.0, "segmentation.mlp_ratio is")]
    public void DamagedEntryNamesFileAndKey(string key, object value, string expected)
    {
        var entry = PyramidArchitecture.Describe(Backbone, ["bg"]);
        entry[key] = value;
        using var checkpoint = With(entry);
        var e = Assert.Throws<CheckpointFormatException>(() => PyramidArchitecture.Segmentation.Read(checkpoint));
        Assert.Contains("seg.pth", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AnEntryDescribingMoreWeightsThanTheFileHoldsIsRefusedBeforeBuilding()
    {
        var entry = PyramidArchitecture.Describe(Backbone, ["bg"]);
        entry["embed_dim"] = 16384;
        entry["num_heads"] = new List<object?> { 1, 1, 1 };
        using var checkpoint = With(entry);
        Assert.Contains("more than the 200,000 the file holds", Assert.Throws<CheckpointFormatException>(() => PyramidArchitecture.Segmentation.Read(checkpoint)).Message);
    }

    [Fact]
    public void HeadsThatDoNotDivideAreRefusedAsUnbuildable()
    {
        var entry = PyramidArchitecture.Describe(Backbone, ["bg"]);
        entry["num_heads"] = new List<object?> { 3, 2, 2 };
        using var checkpoint = With(entry);
        Assert.Contains("cannot be built", Assert.Throws<CheckpointFormatException>(() => PyramidArchitecture.Segmentation.Read(checkpoint)).Message);
    }

    [Fact]
    public void PerStageWindowsAndClassWeightsLoadFromOptions()
    {
        var tree = ConfigTree.Load(null, ["MOBYNET.SEG.WINDOWS=[8, 4, 4]", "MOBYNET.SEG.CLASS_WEIGHTS=[0.5, 2]"]);
        Assert.Equal([8, 4, 4], tree.Ints("MOBYNET.SEG.WINDOWS"));
        Assert.Equal([0.5, 2], tree.Doubles("MOBYNET.SEG.CLASS_WEIGHTS"));
        Assert.Contains("expects a list of numbers", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.SEG.WINDOWS=[8, x]"])).Message);
        Assert.Contains("'whole' or 'slide'", Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.SEG.TEST_MODE=tiles"])).Message);
    }

    [Fact]
    public void SlidingWindowWithOneCropIsWholeImageInference()
    {
        using var scope = NewDisposeScope();
        using var model = new SegmentationModel(SegmentationModelTests.Micro(Backbone));
        model.eval();
        using var _ = no_grad();
        var images = randn(1, 1, 24, 20);
        TensorAssert.RelativeClose(model.call(images), new SlidingWindow(32, 16).Logits(model, images), 1e-6, "one crop");
        Assert.Equal([1, 5, 40, 44], new SlidingWindow(24, 16).Logits(model, randn(1, 1, 40, 44)).shape); // 2 x 3 overlapping crops
    }
}
