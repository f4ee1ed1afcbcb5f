using Moby.Backbones.Swin;
using Moby.Interop;
using Moby.Segmentation;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Segmentation;

/// <summary>Shapes at any input size, the transfer of a pre-trained classifier Swin, and the bias table interpolation.</summary>
public class SegmentationModelTests
{
    /// <summary>Our recipe's shape at micro scale: patch 4, three stages, window 8 at 32 px (stage windows 8 / 4 / 2), conv stem, one channel.</summary>
    internal static SwinConfig Pretrained => new()
    {
        ImgSize = 32, PatchSize = 4, InChans = 1, EmbedDim = 8, Depths = [1, 2, 1], NumHeads = [1, 2, 2], WindowSize = 8, ConvStem = true,
    };

    internal static SegmentationModelConfig Micro(SwinConfig backbone) => new()
    {
        Backbone = backbone, NumClasses = 5, Channels = 8, AuxChannels = 4,
    };

    [Theory]
    [InlineData(32, 32)]
    [InlineData(33, 47)]
    [InlineData(64, 48)]
    [InlineData(17, 90)]
    [InlineData(4, 4)]
    public void LogitsComeAtTheInputSizeAndHeadsAtTheirStrides(int height, int width)
    {
        using var scope = NewDisposeScope();
        using var model = new SegmentationModel(Micro(PyramidTransfer.Config(Pretrained, null, 0)));
        model.eval();
        using var _ = no_grad();
        var input = randn(2, 1, height, width);
        Assert.Equal([2, 5, height, width], model.call(input).shape);
        using var output = model.Forward(input, withAuxiliary: true);
        long h = (height + 3) / 4, w = (width + 3) / 4;
        Assert.Equal([2, 5, h, w], output.Decode.shape);
        Assert.Equal([2, 5, (h + 3) / 4, (w + 3) / 4], output.Auxiliary!.shape); // the third of three stages: stride 16
    }

    [Fact]
    public void TransferKeepsEachStagesPretrainedWindowAndCopiesEveryWeight()
    {
        using var scope = NewDisposeScope();
        using var classifier = new SwinTransformer(Pretrained);
        var config = PyramidTransfer.Config(Pretrained, null, 0);
        Assert.Equal([8, 4, 2], config.StageWindows!);
        using var pyramid = new SwinPyramid(config);
        var source = classifier.state_dict();
        PyramidTransfer.Load(pyramid, source, "pretrained");
        foreach (var (key, value) in pyramid.state_dict().Where(p => source.ContainsKey(p.Key)))
            TensorAssert.Equal(source[key], value, key);
        Assert.Equal([15 * 15, 1], pyramid.state_dict()["layers.0.blocks.0.attn.relative_position_bias_table"].shape);
    }

    [Fact]
    public void AnotherWindowInterpolatesTheBiasTables()
    {
        using var scope = NewDisposeScope();
        using var classifier = new SwinTransformer(Pretrained);
        using var pyramid = new SwinPyramid(PyramidTransfer.Config(Pretrained, [8, 4, 3], 0));
        var source = classifier.state_dict();
        PyramidTransfer.Load(pyramid, source, "pretrained");
        var table = source["layers.2.blocks.0.attn.relative_position_bias_table"];
        TensorAssert.RelativeClose(BiasTableResize.To(table, 25), pyramid.state_dict()["layers.2.blocks.0.attn.relative_position_bias_table"], 1e-6, "stage 2 table");
    }

    [Fact]
    public void MissingStagesAreOneErrorNamingTheSource()
    {
        using var scope = NewDisposeScope();
        using var pyramid = new SwinPyramid(PyramidTransfer.Config(Pretrained, null, 0));
        var e = Assert.Throws<CheckpointMismatchException>(() => PyramidTransfer.Load(pyramid, new Dictionary<string, Tensor>(), "empty.pth"));
        Assert.Contains("'empty.pth'", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void BiasTableResizeIsBicubicAsTorchAndIdentityAtTheSameSize()
    {
        using var scope = NewDisposeScope();
        var table = tensor(new float[] { 0.5f, -1, 2, 0.25f, -0.75f, 1.5f, 1, -2, 0, 0.5f, 3, 1, -1.5f, 0.75f, 0.25f, -0.5f, 1.25f, 2 }, [9, 2]);
        TensorAssert.RelativeClose(table, BiasTableResize.To(table, 9), 1e-6, "same size");
        // torch.nn.functional.interpolate(t.permute(1, 0).view(1, 2, 3, 3), size=(5, 5), mode='bicubic').view(2, 25).permute(1, 0)
        float[] expected =
        [
            0.28496f, -1.01248f, 1.364864f, -0.560743f, 2.192f, 0.226f, 0.296456f, 1.116424f, -1.426992f, 1.674912f, 0.842128f,
            -1.77848f, 1.029815f, -0.866739f, 1.205999f, 0.419f, 1.000404f, 1.06214f, 0.795001f, 1.31224f, 1.096f, -2.24f, 0.396f,
            -1.065999f, 0.0f, 0.5f, 1.764f, 0.986f, 3.288f, 1.048f, -0.542288f, -0.41732f, -0.456515f, -0.39478f, 0.009001f, -0.094f,
            1.385496f, 0.94928f, 2.40924f, 1.73632f, -1.933344f, 1.16856f, -1.016743f, 0.195496f, 0.274f, -0.596f, 0.913504f,
            0.935584f, 1.159568f, 2.354433f,
        ];
        TensorAssert.RelativeClose(tensor(expected, [25, 2]), BiasTableResize.To(table, 25), 1e-6, "5 x 5");
    }
}
