using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using Moby.Benchmarks;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Backbones;

public class BackboneTests
{
    [Theory]
    [InlineData("swin_tiny_patch4_window7_224", 27_519_354)]
    [InlineData("deit_small_patch16_224", 21_665_664)]
    public void OfficialPresetsHaveTheOfficialParameterCount(string preset, long expected)
    {
        using var model = BackboneRegistry.Create(preset);
        Assert.Equal(expected, model.parameters().Sum(p => p.numel()));
    }

    [Fact]
    public void SwinTinyKeysAndBuffersAreTheOfficialOnes()
    {
        using var model = BackboneRegistry.Create("swin_tiny_patch4_window7_224");
        var state = model.state_dict();
        Assert.Equal([169, 3], state["layers.0.blocks.0.attn.relative_position_bias_table"].shape);
        Assert.Equal([49, 49], state["layers.0.blocks.0.attn.relative_position_index"].shape);
        Assert.Equal([64, 49, 49], state["layers.0.blocks.1.attn_mask"].shape);
        Assert.Equal([4, 49, 49], state["layers.2.blocks.5.attn_mask"].shape);
        Assert.False(state.ContainsKey("layers.3.blocks.1.attn_mask")); // 7x7 grid = one window: no shift
        Assert.False(state.ContainsKey("layers.0.blocks.0.attn_mask"));
        Assert.Equal([768, 1536], state["layers.2.downsample.reduction.weight"].shape);
        Assert.Equal(12, state.Keys.Count(k => k.EndsWith("attn.relative_position_index")));
    }

    [Fact]
    public void AnalyticFlopsMatchThePapers()
    {
        // Swin-T 4.5 G and DeiT-S 4.6 G multiply-adds at 224 px (papers' "FLOPs"); ours count 2 per multiply-add.
        Assert.InRange(ModelFlops.Forward(BackboneRegistry.Get("swin_tiny_patch4_window7_224")) / 2e9, 4.3, 4.6);
        Assert.InRange(ModelFlops.Forward(BackboneRegistry.Get("deit_small_patch16_224")) / 2e9, 4.5, 4.7);
    }

    [Fact]
    public void ConvStemFlopsCountEveryConvolution()
    {
        // 32 px, 1 channel, patch 4, width 48: 3x3 convs 1 -> 24 on 16x16 and 24 -> 48 on 8x8, then 1x1 48 -> 48 on 8x8.
        double expected = 2.0 * (256 * 9 * 1 * 24 + 64 * 9 * 24 * 48 + 64 * 48 * 48);
        Assert.Equal(expected, ModelFlops.PatchEmbedding(32, 1, 4, 48, convStem: true));
        Assert.Equal(2.0 * 64 * 16 * 48, ModelFlops.PatchEmbedding(32, 1, 4, 48, convStem: false));
    }

    [Fact]
    public void SizesThatTheWindowsCannotTileGiveAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() => new SwinTransformer(new SwinConfig { ImgSize = 200 }));
        Assert.Contains("224", error.Message);
        Assert.Contains("window 7", error.Message);
        Assert.Contains("multiple of", Assert.Throws<ArgumentException>(() => new VisionTransformer(new VitConfig { ImgSize = 100 })).Message);
    }

    [Fact]
    public void WrongInputShapeGivesAClearError()
    {
        using var model = BackboneRegistry.Create("swin_mini_patch2_window4_32");
        using var x = randn(1, 3, 28, 28);
        Assert.Contains("[B, 3, 32, 32]", Assert.Throws<ArgumentException>(() => model.call(x)).Message);
    }

    [Theory]
    [InlineData("swin_mini_patch2_window7_28", 1)]
    [InlineData("swin_mini_patch2_window4_32", 3)]
    [InlineData("swin_tiny_patch4_window6_96", 3)]
    [InlineData("deit_mini_patch4_28", 1)]
    [InlineData("deit_small_patch8_96", 3)]
    public void SmallImagePresetsRunAndTrain(string preset, int channels)
    {
        using var scope = NewDisposeScope();
        using var model = BackboneRegistry.Get(preset).WithInput(null, channels).Create();
        var x = randn(2, channels, model.ImageSize, model.ImageSize);
        var y = model.call(x);
        Assert.Equal([2, model.NumFeatures], y.shape);
        y.sum().backward();
        Assert.All(model.parameters(), p => Assert.NotNull(p.grad));
    }

    [Fact]
    public void SwinStageFeatureMapsHaveThePyramidShapes()
    {
        using var scope = NewDisposeScope();
        using var model = (SwinTransformer)BackboneRegistry.Create("swin_tiny_patch4_window6_96");
        model.eval();
        var maps = model.ForwardStages(randn(1, 3, 96, 96));
        Assert.Equal([[1, 96, 24, 24], [1, 192, 12, 12], [1, 384, 6, 6], [1, 768, 3, 3]], maps.Select(m => m.shape));
    }

    [Fact]
    public void BatchNormBeforeMlpIsARealTrainedLayer()
    {
        using var scope = NewDisposeScope();
        using var model = new SwinTransformer(new SwinConfig { ImgSize = 16, PatchSize = 2, EmbedDim = 8, Depths = [2], NumHeads = [2], WindowSize = 4, NormBeforeMlp = "bn" });
        var state = model.state_dict();
        Assert.Contains("layers.0.blocks.0.norm2.running_mean", state.Keys);
        var before = state["layers.0.blocks.0.norm2.running_mean"].clone();
        model.train();
        model.call(randn(4, 3, 16, 16) * 3 + 1).sum().backward();
        Assert.False(before.allclose(state["layers.0.blocks.0.norm2.running_mean"]), "running statistics moved");
        Assert.NotNull(model.named_parameters().Single(p => p.name == "layers.0.blocks.0.norm2.weight").parameter.grad);
    }

    [Fact]
    public void VitAveragePoolIsTheMeanOfThePatchTokensOverTheSameWeights()
    {
        var token = new VitConfig { ImgSize = 16, PatchSize = 4, InChans = 1, EmbedDim = 24, Depth = 2, NumHeads = 2, DropPathRate = 0 };
        manual_seed(3);
        using var byToken = (VisionTransformer)BackboneRegistry.Create(token);
        manual_seed(3);
        using var byAverage = (VisionTransformer)BackboneRegistry.Create(token with { GlobalPool = "avg" });
        Assert.Equal(byToken.state_dict().Keys, byAverage.state_dict().Keys);
        byAverage.eval();
        byToken.eval();
        using var x = randn(3, 1, 16, 16);
        using var tokens = byAverage.ForwardTokens(x);
        using var expected = tokens[.., 1..].mean([1]);
        using var pooled = byAverage.forward_features(x);
        Assert.Equal([3, 24], pooled.shape);
        Assert.True(allclose(pooled, expected, rtol: 1e-5, atol: 1e-6));
        using var cls = byToken.forward_features(x);
        Assert.True(allclose(cls, tokens[.., 0], rtol: 1e-5, atol: 1e-6));
        Assert.False(allclose(cls, pooled, rtol: 1e-2, atol: 1e-3));
        Assert.Contains("GLOBAL_POOL", Assert.Throws<ArgumentException>(() => new VisionTransformer(token with { GlobalPool = "max" })).Message);
    }

    [Fact]
    public void FixedPatchEmbeddingIsFrozen()
    {
        using var model = BackboneRegistry.Create(new VitConfig { ImgSize = 32, PatchSize = 4, EmbedDim = 48, Depth = 1, NumHeads = 3, FixedPatchEmbed = true });
        var frozen = model.named_parameters().Where(p => !p.parameter.requires_grad).Select(p => p.name).Order();
        Assert.Equal(["patch_embed.proj.bias", "patch_embed.proj.weight"], frozen);
    }

    [Fact]
    public void ConvStemReplacesThePatchifyConvolution()
    {
        using var model = BackboneRegistry.Create(new SwinConfig { ImgSize = 32, PatchSize = 4, InChans = 1, EmbedDim = 32, Depths = [1], NumHeads = [2], WindowSize = 8, ConvStem = true });
        var keys = model.state_dict().Keys.Where(k => k.StartsWith("patch_embed.")).Order();
        Assert.Equal([
            "patch_embed.norm.bias", "patch_embed.norm.weight", "patch_embed.proj.bias", "patch_embed.proj.weight",
            "patch_embed.stem.stages.0.bn.bias", "patch_embed.stem.stages.0.bn.num_batches_tracked", "patch_embed.stem.stages.0.bn.running_mean",
            "patch_embed.stem.stages.0.bn.running_var", "patch_embed.stem.stages.0.bn.weight", "patch_embed.stem.stages.0.conv.weight",
            "patch_embed.stem.stages.1.bn.bias", "patch_embed.stem.stages.1.bn.num_batches_tracked", "patch_embed.stem.stages.1.bn.running_mean",
            "patch_embed.stem.stages.1.bn.running_var", "patch_embed.stem.stages.1.bn.weight", "patch_embed.stem.stages.1.conv.weight"], keys);
        Assert.Equal([16L, 1, 3, 3], model.state_dict()["patch_embed.stem.stages.0.conv.weight"].shape);
        Assert.Equal([32L, 32, 1, 1], model.state_dict()["patch_embed.proj.weight"].shape);
    }

    [Fact]
    public void ConvStemPatchesOverlapAndTrain()
    {
        using var model = BackboneRegistry.Create(new VitConfig { ImgSize = 16, PatchSize = 4, InChans = 1, EmbedDim = 24, Depth = 1, NumHeads = 2, ConvStem = true });
        model.train();
        // A pixel on the right edge of patch 0 also reaches patch 1 through the 3x3 kernels: the patches overlap.
        var image = randn(2, 1, 16, 16).requires_grad_(true);
        var embed = (Moby.Nn.PatchEmbed)model.named_modules().Single(m => m.name == "patch_embed").module;
        var patches = embed.call(image);
        patches[0, 1].sum().backward();
        Assert.True(image.grad!.abs()[0, 0, 0..4, 3].sum().item<float>() > 0, "patch 1 sees pixels of patch 0");
        var before = model.state_dict()["patch_embed.stem.stages.1.bn.running_mean"].clone();
        model.call(randn(4, 1, 16, 16)).sum().backward();
        Assert.False(before.allclose(model.state_dict()["patch_embed.stem.stages.1.bn.running_mean"]), "running statistics moved");
        Assert.NotNull(model.named_parameters().Single(p => p.name == "patch_embed.stem.stages.0.conv.weight").parameter.grad);
    }

    [Fact]
    public void ConvStemNeedsAPowerOfTwoPatch()
    {
        var error = Assert.Throws<ArgumentException>(() => BackboneRegistry.Create(new SwinConfig { ImgSize = 21, PatchSize = 3, EmbedDim = 24, Depths = [1], NumHeads = [2], ConvStem = true }));
        Assert.Contains("power-of-two patch size, got 3", error.Message);
    }
}
