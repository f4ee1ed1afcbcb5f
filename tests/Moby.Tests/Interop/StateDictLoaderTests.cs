using Moby.Interop;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Interop;

public class StateDictLoaderTests
{
    // Sequential names its children "0" and "1": keys 0.weight [4,3], 0.bias [4], 1.weight [2,4], 1.bias [2].
    static nn.Module<Tensor, Tensor> Model() => nn.Sequential(nn.Linear(3, 4), nn.Linear(4, 2));

    [Fact]
    public void StrictErrorNamesEveryMissingUnexpectedAndMismatchedKey()
    {
        using var model = Model();
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor>
        {
            ["0.weight"] = ones(4, 3),
            ["0.bias"] = ones(1),                        // would broadcast silently in TorchSharp's loader
            ["1.weight"] = ones(new long[] { 2, 4 }, dtype: ScalarType.Float64),
            ["extra.weight"] = ones(1),
        };

        var error = Assert.Throws<CheckpointMismatchException>(() => StateDictLoader.Load(model, state, source: "ckpt.pth"));

        Assert.Contains("ckpt.pth", error.Message);
        Assert.Contains("missing 1 key: 1.bias", error.Message);
        Assert.Contains("unexpected 1 key: extra.weight", error.Message);
        Assert.Contains("shape mismatch in 1 key: 0.bias expected [4] got [1]", error.Message);
        Assert.Contains("dtype mismatch in 1 key: 1.weight expected Float32 got Float64", error.Message);
        // Nothing was copied before the error.
        Assert.False(model.state_dict()["0.weight"].eq(1).all().item<bool>());
    }

    /// <summary>A relative position index is computed from the window: a file's other one (past the table, or only permuted) is refused, strict or not.</summary>
    [Theory]
    [InlineData(true, 1_000_000L)]
    [InlineData(false, 1L)]
    public void ARelativePositionIndexOtherThanTheWindowsIsRefusedNamingTheKey(bool strict, long value)
    {
        using var attention = new Moby.Backbones.Swin.WindowAttention(dim: 8, window: 2, heads: 2, qkvBias: true);
        using var scope = NewDisposeScope();
        var state = attention.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        state["relative_position_index"][0, 0].fill_(value);
        var error = Assert.Throws<CheckpointFormatException>(() => StateDictLoader.Load(attention, state, strict, source: "ckpt.pth"));
        Assert.Contains("ckpt.pth", error.Message);
        Assert.Contains("relative_position_index differs from the model's own: it is computed from the window size (values 0 to 8)", error.Message);
        Assert.NotEqual(value, attention.state_dict()["relative_position_index"][0, 0].item<long>()); // nothing copied
    }

    [Fact]
    public void NonStrictLoadsMatchingKeysAndReportsTheRest()
    {
        using var model = Model();
        using var scope = NewDisposeScope();
        var state = new Dictionary<string, Tensor> { ["0.weight"] = ones(4, 3), ["0.bias"] = ones(1), ["other"] = ones(1) };

        var result = StateDictLoader.Load(model, state, strict: false);

        Assert.Equal(["1.weight", "1.bias"], result.Missing);
        Assert.Equal(["other"], result.Unexpected);
        Assert.Equal("0.bias", Assert.Single(result.Mismatched).Key);
        Assert.Equal(1, result.Loaded);
        Assert.True(model.state_dict()["0.weight"].eq(1).all().item<bool>());
        Assert.False(model.state_dict()["0.bias"].eq(1).all().item<bool>());
    }

    [Fact]
    public void LoadingKeepsParametersTrainable()
    {
        using var model = Model();
        using var scope = NewDisposeScope();
        var state = model.state_dict().ToDictionary(p => p.Key, p => full_like(p.Value, 0.5));

        var result = StateDictLoader.Load(model, state);

        Assert.True(result.IsExact);
        Assert.All(model.parameters(), p => Assert.True(p.requires_grad));
        Assert.All(model.parameters(), p => Assert.True(p.eq(0.5).all().item<bool>()));
    }

    [Fact]
    public void ManyMismatchedKeysGiveACountAndTheFirstFew()
    {
        using var model = Model();
        using var scope = NewDisposeScope();
        var state = model.state_dict().ToDictionary(p => p.Key, p => p.Value.clone());
        foreach (var i in Enumerable.Range(0, 134)) state[$"extra.{i}.weight"] = ones(1);

        var error = Assert.Throws<CheckpointMismatchException>(() => StateDictLoader.Load(model, state, source: "ckpt.pth"));

        Assert.Contains("unexpected 134 keys: extra.0.weight, extra.1.weight, extra.2.weight, ...", error.Message);
        Assert.DoesNotContain("extra.3.weight", error.Message);
    }
}
