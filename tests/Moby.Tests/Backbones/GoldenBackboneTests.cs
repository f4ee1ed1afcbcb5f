using System.Text.Json;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Backbones;

/// <summary>Our backbones against the official code's outputs for fixed weights and inputs (shared/golden).</summary>
public class GoldenBackboneTests
{
    private const double Tolerance = 1e-5;

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static SwinConfig SwinMicro(JsonElement json) => new()
    {
        ImgSize = json.GetProperty("img_size").GetInt32(), PatchSize = json.GetProperty("patch_size").GetInt32(),
        EmbedDim = json.GetProperty("embed_dim").GetInt32(), Depths = Ints(json.GetProperty("depths")),
        NumHeads = Ints(json.GetProperty("num_heads")), WindowSize = json.GetProperty("window_size").GetInt32(),
    };

    [Fact]
    public void SwinMicroMatchesOfficialOutputAndEveryStage()
    {
        using var scope = NewDisposeScope();
        using var golden = new GoldenFile("swin_micro.safetensors");
        using var model = new SwinTransformer(SwinMicro(golden.Config));
        ModelLoading.LoadExactly(model, golden.WithPrefix("model."));
        model.eval();
        using var _ = no_grad();
        var input = golden["input"];

        var modules = model.named_children().ToDictionary(c => c.name, c => c.module);
        var x = ((nn.Module<Tensor, Tensor>)modules["patch_embed"]).call(input);
        TensorAssert.RelativeClose(golden["trace.after.patch_embed"], x, Tolerance, "patch_embed");
        var layers = (TorchSharp.Modules.ModuleList<BasicLayer>)modules["layers"];
        for (int i = 0; i < layers.Count; i++)
        {
            x = layers[i].call(x);
            TensorAssert.RelativeClose(golden[$"trace.after.layers.{i}"], x, Tolerance, $"layers.{i}");
        }
        TensorAssert.RelativeClose(golden["output"], model.call(input), Tolerance, "output");
    }

    [Fact]
    public void DeitMicroMatchesOfficialOutputAndEveryBlock()
    {
        using var scope = NewDisposeScope();
        using var golden = new GoldenFile("deit_micro.safetensors");
        var json = golden.Config;
        var config = new VitConfig
        {
            ImgSize = json.GetProperty("img_size").GetInt32(), PatchSize = json.GetProperty("patch_size").GetInt32(),
            EmbedDim = json.GetProperty("embed_dim").GetInt32(), Depth = json.GetProperty("depth").GetInt32(),
            NumHeads = json.GetProperty("num_heads").GetInt32(),
        };
        using var model = new VisionTransformer(config);
        ModelLoading.LoadExactly(model, golden.WithPrefix("model."));
        model.eval();
        using var _ = no_grad();
        var input = golden["input"];
        TensorAssert.RelativeClose(golden["output"], model.call(input), Tolerance, "output");

        var blocks = (TorchSharp.Modules.ModuleList<Block>)model.named_children().Single(c => c.name == "blocks").module;
        var captured = new List<Tensor>();
        foreach (var block in blocks) block.register_forward_hook((_, _, output) => { captured.Add(output.alias()); return output; });
        model.call(input);
        for (int i = 0; i < captured.Count; i++)
            TensorAssert.RelativeClose(golden[$"trace.after.blocks.{i}"], captured[i], Tolerance, $"blocks.{i}");
        Assert.Equal(config.Depth, captured.Count);
    }
}
