using System.Text.Json;
using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using TorchSharp;
using TorchSharp.PyBridge;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Backbones;

/// <summary>Our backbones against the official code's outputs for fixed weights and inputs (shared/golden).</summary>
public class GoldenBackboneTests
{
    private const double Tolerance = 1e-5;

    private static (Dictionary<string, Tensor> Tensors, JsonElement Config) LoadGolden(string file)
    {
        var tensors = Safetensors.LoadStateDict(GoldenFiles.Path(file));
        using var header = JsonDocument.Parse(ReadMetadata(GoldenFiles.Path(file)));
        var config = JsonDocument.Parse(header.RootElement.GetProperty("__metadata__").GetProperty("config").GetString()!).RootElement;
        return (tensors, config);
    }

    private static string ReadMetadata(string path)
    {
        using var stream = File.OpenRead(path);
        var lengthBytes = new byte[8];
        stream.ReadExactly(lengthBytes);
        var json = new byte[BitConverter.ToInt64(lengthBytes)];
        stream.ReadExactly(json);
        return System.Text.Encoding.UTF8.GetString(json);
    }

    private static void LoadWeights(nn.Module model, Dictionary<string, Tensor> golden)
    {
        var weights = golden.Where(kv => kv.Key.StartsWith("model.")).ToDictionary(kv => kv.Key["model.".Length..], kv => kv.Value);
        var own = model.state_dict();
        Assert.Equal(own.Keys.OrderBy(k => k, StringComparer.Ordinal), weights.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (key, value) in weights) Assert.Equal(value.shape, own[key].shape);
        model.load_state_dict(weights, strict: true);
    }

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    [Fact]
    public void SwinMicroMatchesOfficialOutputAndEveryStage()
    {
        using var scope = NewDisposeScope();
        var (golden, json) = LoadGolden("swin_micro.safetensors");
        var config = new SwinConfig
        {
            ImgSize = json.GetProperty("img_size").GetInt32(), PatchSize = json.GetProperty("patch_size").GetInt32(),
            EmbedDim = json.GetProperty("embed_dim").GetInt32(), Depths = Ints(json.GetProperty("depths")),
            NumHeads = Ints(json.GetProperty("num_heads")), WindowSize = json.GetProperty("window_size").GetInt32(),
        };
        using var model = new SwinTransformer(config);
        LoadWeights(model, golden);
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
        var (golden, json) = LoadGolden("deit_micro.safetensors");
        var config = new VitConfig
        {
            ImgSize = json.GetProperty("img_size").GetInt32(), PatchSize = json.GetProperty("patch_size").GetInt32(),
            EmbedDim = json.GetProperty("embed_dim").GetInt32(), Depth = json.GetProperty("depth").GetInt32(),
            NumHeads = json.GetProperty("num_heads").GetInt32(),
        };
        using var model = new VisionTransformer(config);
        LoadWeights(model, golden);
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
