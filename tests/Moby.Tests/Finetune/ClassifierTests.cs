using Moby.Backbones;
using Moby.Finetune;
using Moby.Interop;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Finetune;

/// <summary>The classifier's weights under timm's names: the head's keys and shapes, and the standard presets against the key list of timm / the official Swin code.</summary>
public class ClassifierTests
{
    [Fact]
    public void TheHeadIsHeadWeightAndHeadBiasAfterTheBackboneKeys()
    {
        var architecture = BackboneRegistry.Get("swin_micro_patch4_window8_32").WithConvStem(true).WithInput(null, 1);
        using var model = new Classifier(architecture.Create(), 7);
        var state = model.TimmState();
        Assert.Equal(model.Backbone.state_dict().Keys.Order(), state.Keys.SkipLast(2).Order());
        Assert.Equal(["head.weight", "head.bias"], state.Keys.TakeLast(2));
        Assert.Equal([7L, 192L], state["head.weight"].shape);
        Assert.Equal([7L], state["head.bias"].shape);
        Assert.Equal(0, state["head.bias"].abs().sum().item<float>());
        using var logits = model.call(randn(2, 1, 32, 32));
        Assert.Equal([2L, 7L], logits.shape);
    }

    /// <summary>
    /// The keys and shapes, in order, of Swin-T/S/B (the official Swin / Transformer-SSL code) and DeiT-T/S/B (timm 0.4.5)
    /// with num_classes=10, listed once by Reference/make_timm_keys.py: what timm and the official code load with strict=True.
    /// </summary>
    [Theory]
    [InlineData("swin_tiny_patch4_window7_224")]
    [InlineData("swin_small_patch4_window7_224")]
    [InlineData("swin_base_patch4_window7_224")]
    [InlineData("deit_tiny_patch16_224")]
    [InlineData("deit_small_patch16_224")]
    [InlineData("deit_base_patch16_224")]
    public void StandardPresetsHaveTheKeysAndShapesOfTimm(string preset)
    {
        var expected = TimmKeys(preset);
        using var model = new Classifier(BackboneRegistry.Create(preset), 10);
        var actual = model.TimmState().Select(p => $"{p.Key} {Shape(p.Value)}").ToList();
        Assert.Equal(expected, actual);
    }

    private static string Shape(Tensor t) => t.dim() == 0 ? "scalar" : string.Join("x", t.shape);

    private static List<string> TimmKeys(string preset)
    {
        var lines = File.ReadAllLines(RepoFiles.Path("tests/Moby.Tests/Finetune/Reference/timm_keys.txt"));
        int start = Array.IndexOf(lines, $"# {preset} num_classes=10");
        Assert.True(start >= 0, $"{preset} is not in the key list");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith('#')).ToList();
    }

    [Fact]
    public void WeightsOfAnotherShapeAreRefusedNamingTheKeyBeforeAnythingIsCopied()
    {
        using var model = new Classifier(BackboneRegistry.Create("deit_nano_patch4_28"), 3);
        var state = model.TimmState().ToDictionary(p => p.Key, p => p.Value.clone());
        using var before = model.TimmState()["blocks.0.attn.qkv.weight"].clone();
        state["blocks.0.attn.qkv.weight"] = state["blocks.0.attn.qkv.weight"] + 1;
        state["head.weight"] = zeros(4, 128);
        var error = Assert.Throws<CheckpointMismatchException>(() => model.LoadTimmState(state, "file.pth"));
        Assert.Contains("head.weight", error.Message);
        TensorAssert.Equal(before, model.TimmState()["blocks.0.attn.qkv.weight"], "unchanged");
    }
}
