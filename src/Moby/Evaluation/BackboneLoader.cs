using Moby.Backbones;
using Moby.Config;
using Moby.Interop;

namespace Moby.Evaluation;

/// <summary>Builds a backbone and loads its weights from any checkpoint we read (official MoBY, Moby.NET, timm/Swin state_dict,
/// safetensors); a classifier's head (<c>head.*</c>) is left out.</summary>
internal static class BackboneLoader
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
        try
        {
            prefix ??= DetectPrefix(backbone, checkpoint.State);
            // A classifier's head (a supervised or fine-tuned checkpoint) is not part of the backbone.
            var state = StateDictViews.WithoutHead(prefix is null ? StateDictViews.Backbone(checkpoint.State) : StateDictViews.SelectPrefix(checkpoint.State, prefix));
            StateDictLoader.Load(backbone, state, strict: true, source: checkpoint.Path);
            return backbone;
        }
        catch (CheckpointMismatchException e) when (model is null)
        {
            backbone.Dispose();
            throw new CheckpointMismatchException(e.Result, checkpoint.Path, StoredConfigAdvice(checkpoint));
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The architecture came from the checkpoint's own configuration, which did not fit its weights: say which
    /// architecture keys that configuration lacks (their defaults, Swin-T's, were used), what the weights look
    /// like, and how to name the architecture instead.
    /// </summary>
    private static string StoredConfigAdvice(Checkpoint checkpoint)
    {
        var encoder = Lookup(checkpoint.Config, "MODEL.MOBY.ENCODER") as string;
        var missing = (encoder == "vit" ? VitKeys : SwinKeys).Where(key => Lookup(checkpoint.Config, key) is null).ToList();
        var guessed = missing.Count == 0
            ? "The configuration stored in the checkpoint does not describe these weights"
            : $"The configuration stored in the checkpoint lacks {missing.Count} architecture keys ({string.Join(", ", missing)}), so their defaults were used";
        var description = CheckpointInspector.Describe(checkpoint);
        var shapes = description.Swin?.ToString() ?? description.Vit?.ToString();
        return $"{guessed}{(shapes is null ? "" : $"; the weights look like {shapes}")}; name the architecture with --model (a preset or a YAML config)";
    }

    // The configuration keys that decide a backbone's weight shapes.
    private static readonly string[] SwinKeys =
        ["MODEL.MOBY.ENCODER", "DATA.IMG_SIZE", "MODEL.SWIN.PATCH_SIZE", "MODEL.SWIN.IN_CHANS", "MODEL.SWIN.EMBED_DIM", "MODEL.SWIN.DEPTHS", "MODEL.SWIN.NUM_HEADS", "MODEL.SWIN.WINDOW_SIZE"];

    private static readonly string[] VitKeys =
        ["DATA.IMG_SIZE", "MOBYNET.VIT.PATCH_SIZE", "MOBYNET.VIT.IN_CHANS", "MOBYNET.VIT.EMBED_DIM", "MOBYNET.VIT.DEPTH", "MOBYNET.VIT.NUM_HEADS"];

    /// <summary>The value at a dotted key of nested configuration dictionaries, or null.</summary>
    private static object? Lookup(IReadOnlyDictionary<string, object?>? config, string key)
    {
        object? node = config;
        foreach (var part in key.Split('.'))
            node = node is IReadOnlyDictionary<string, object?> section ? section.GetValueOrDefault(part) : null;
        return node;
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
