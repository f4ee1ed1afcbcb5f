using System.Collections;
using Moby.Interop;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Interop;

public class CheckpointReadTests
{
    static readonly string Official = GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth");

    [Fact]
    public void OfficialCheckpointReadsModelEpochConfigAndOptimizer()
    {
        using var checkpoint = CheckpointFile.Read(Official);

        Assert.Equal(CheckpointFormats.Pth, checkpoint.Format);
        Assert.Equal(164, checkpoint.State.Count);
        // Python's order (model.state_dict()): the queues are registered before the encoder.
        Assert.Equal(["queue1", "queue2", "queue_ptr", "encoder.patch_embed.proj.weight"], checkpoint.State.Keys.Take(4));
        Assert.Equal(ScalarType.Int64, checkpoint.State["queue_ptr"].dtype);
        Assert.Equal([256L, 64L], checkpoint.State["queue1"].shape);
        Assert.Equal(4L, checkpoint.State["queue_ptr"].item<long>());
        Assert.All(checkpoint.State.Values, t => Assert.False(t.requires_grad));

        Assert.Equal(0, checkpoint.Epoch);
        var model = Assert.IsType<Dictionary<string, object?>>(checkpoint.Config!["MODEL"]);
        var swin = Assert.IsType<Dictionary<string, object?>>(model["SWIN"]);
        Assert.Equal("ln", swin["NORM_BEFORE_MLP"]);
        Assert.Equal(["MODEL", "DATA", "TRAIN"], checkpoint.Config.Keys);

        var optimizer = Assert.IsAssignableFrom<IDictionary>(checkpoint.Optimizer);
        Assert.Equal(73, ((IDictionary)optimizer["state"]!).Count);
        Assert.Equal(0.0, checkpoint.Extra["max_accuracy"]);
        Assert.Equal(0, Assert.IsType<Dictionary<string, object?>>(checkpoint.Extra["lr_scheduler"])["last_epoch"]);
    }

    [Fact]
    public void BackboneViewHasExactlyTheOnlineEncoderKeys()
    {
        using var official = CheckpointFile.Read(Official);
        using var swin = CheckpointFile.Read(GoldenFiles.PathOf("swin_micro.safetensors"));

        var backbone = StateDictViews.Backbone(official.State);
        var expected = StateDictViews.SelectPrefix(swin.State, "model.");

        Assert.Equal(expected.Keys.Order(), backbone.Keys.Order());
        Assert.All(expected, p => Assert.Equal(p.Value.shape, backbone[p.Key].shape));
        Assert.Same(official.State["encoder.norm.weight"], backbone["norm.weight"]);
    }

    [Fact]
    public void BackboneViewStripsDataParallelPrefixAndKeepsPlainDicts()
    {
        using var scope = NewDisposeScope();
        var wrapped = new Dictionary<string, Tensor> { ["module.encoder.a"] = zeros(1), ["module.encoder_k.a"] = zeros(1), ["module.queue1"] = zeros(1) };
        Assert.Equal(["a"], StateDictViews.Backbone(wrapped).Keys);

        var plain = new Dictionary<string, Tensor> { ["patch_embed.proj.weight"] = zeros(1), ["norm.bias"] = zeros(1) };
        Assert.Equal(plain.Keys, StateDictViews.Backbone(plain).Keys);
    }

    [Fact]
    public void SafetensorsGoldenFileReadsTensorsAndMetadata()
    {
        using var swin = CheckpointFile.Read(GoldenFiles.PathOf("swin_micro.safetensors"));

        Assert.Equal(CheckpointFormats.Safetensors, swin.Format);
        Assert.Contains("input", swin.State.Keys);
        Assert.Contains("output", swin.State.Keys);
        Assert.Contains(swin.State.Keys, k => k.StartsWith("trace.", StringComparison.Ordinal));
        Assert.Contains(swin.State.Keys, k => k.StartsWith("model.", StringComparison.Ordinal));
        Assert.Contains("\"embed_dim\"", swin.Metadata["config"]);
        Assert.Equal(ScalarType.Int64, swin.State["model.layers.0.blocks.0.attn.relative_position_index"].dtype);
    }
}
