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
        return Load(checkpoint, model, prefix);
    }

    /// <summary>The same from a checkpoint already read (the caller keeps and disposes it).</summary>
    public static Backbone Load(Checkpoint checkpoint, string? model, string? prefix = null)
    {
        var backbone = BackboneRegistry.Create(ModelConfigs.ResolveEncoder(model, checkpoint.Config, checkpoint.Path));
        prefix ??= DetectPrefix(backbone, checkpoint.State);
        var state = prefix is null ? StateDictViews.Backbone(checkpoint.State) : StateDictViews.SelectPrefix(checkpoint.State, prefix);
        StateDictLoader.Load(backbone, state, strict: true, source: checkpoint.Path);
        return backbone;
    }

    /// <summary>A prefix under which the file holds every key of the model (e.g. "model." or "backbone."), if there is one.</summary>
    private static string? DetectPrefix(Backbone backbone, IReadOnlyDictionary<string, TorchSharp.torch.Tensor> state)
    {
        var keys = backbone.state_dict().Keys.ToList();
        string first = keys[0];
        var prefixes = state.Keys.Where(k => k.EndsWith("." + first, StringComparison.Ordinal))
            .Select(k => k[..^first.Length])
            .Where(p => keys.All(k => state.ContainsKey(p + k)))
            .ToList();
        // A MoBY state holds the backbone twice (encoder., encoder_k.): the online encoder is the one evaluated, as officially.
        return prefixes.Any(p => p.EndsWith(StateDictViews.OnlineEncoderPrefix, StringComparison.Ordinal)) ? null : prefixes.FirstOrDefault();
    }
}
