using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests;

public static class ModelLoading
{
    /// <summary>Loads a state dict whose keys and shapes must equal the model's exactly.</summary>
    public static void LoadExactly(nn.Module model, Dictionary<string, Tensor> weights)
    {
        var own = model.state_dict();
        Assert.Equal(own.Keys.OrderBy(k => k, StringComparer.Ordinal), weights.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (key, value) in weights) Assert.Equal(value.shape, own[key].shape);
        model.load_state_dict(weights, strict: true);
    }
}
