using System.Text.Json;
using Moby.Backbones.Swin;
using Moby.Segmentation;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Segmentation;

/// <summary>UPerNet + FCN on the padded Swin against the official Swin segmentation code (shared/golden/upernet_swin_micro).</summary>
public class GoldenUperNetTests
{
    private const double Tolerance = 1e-5;

    private static int[] Ints(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>The golden's configuration: the official segmentation geometry, one window in every stage.</summary>
    internal static SegmentationModelConfig Config(JsonElement json)
    {
        int window = json.GetProperty("window_size").GetInt32();
        var depths = Ints(json.GetProperty("depths"));
        return new SegmentationModelConfig
        {
            Backbone = new SwinConfig
            {
                PatchSize = json.GetProperty("patch_size").GetInt32(), EmbedDim = json.GetProperty("embed_dim").GetInt32(),
                Depths = depths, NumHeads = Ints(json.GetProperty("num_heads")), WindowSize = window,
                Padded = true, StageWindows = depths.Select(_ => window).ToArray(), DropPathRate = 0,
            },
            NumClasses = json.GetProperty("num_classes").GetInt32(), Channels = json.GetProperty("channels").GetInt32(),
            AuxChannels = json.GetProperty("aux_channels").GetInt32(), PoolScales = Ints(json.GetProperty("pool_scales")),
            AuxInIndex = json.GetProperty("aux_in_index").GetInt32(),
        };
    }

    [Fact]
    public void MatchesEveryStageBothHeadsAndTheResizedOutput()
    {
        using var scope = NewDisposeScope();
        using var golden = new GoldenFile("upernet_swin_micro.safetensors");
        using var model = new SegmentationModel(Config(golden.Config));
        ModelLoading.LoadExactly(model, golden.WithPrefix("model."));
        model.eval();
        using var _ = no_grad();
        var input = golden["input"];
        var features = model.Features(input);
        for (int i = 0; i < 4; i++)
            TensorAssert.RelativeClose(golden[$"trace.backbone.out{i}"], features[i], Tolerance, $"backbone out{i}");
        using var output = model.Forward(input, withAuxiliary: true);
        TensorAssert.RelativeClose(golden["decode_logits"], output.Decode, Tolerance, "decode_logits");
        TensorAssert.RelativeClose(golden["aux_logits"], output.Auxiliary!, Tolerance, "aux_logits");
        TensorAssert.RelativeClose(golden["output"], model.call(input), Tolerance, "output");
    }
}
