using Moby.Backbones;
using Moby.Config;
using Moby.Interop;

namespace Moby.Evaluation;

/// <summary>Builds a backbone and loads its weights from any checkpoint we read (official MoBY, Moby.NET, timm/Swin state_dict, safetensors).</summary>
public static class BackboneLoader
{
    /// <param name="model">A preset name or YAML config; null = the checkpoint's own config.</param>
    /// <param name="prefix">Take the weights under this key prefix (e.g. "model."); null = the MoBY online encoder, or the whole file.</param>
    public static Backbone Load(string weights, string? model, string? prefix = null)
    {
        using var checkpoint = CheckpointFile.Read(weights);
        var backbone = BackboneRegistry.Create(ModelConfigs.ResolveEncoder(model, checkpoint.Config, weights));
        var state = prefix is null ? StateDictViews.Backbone(checkpoint.State) : StateDictViews.SelectPrefix(checkpoint.State, prefix);
        StateDictLoader.Load(backbone, state, strict: true, source: weights);
        return backbone;
    }
}
