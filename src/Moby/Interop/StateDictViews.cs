using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// Key-renaming views of a state dict. The views share the tensors of their source (nothing is copied),
/// so dispose only the source (e.g. the <see cref="Checkpoint"/>).
/// </summary>
internal static class StateDictViews
{
    /// <summary>Prefix that torch DataParallel / DistributedDataParallel adds to every key.</summary>
    public const string DataParallelPrefix = "module.";

    /// <summary>Prefix of the online backbone inside a MoBY state dict.</summary>
    public const string OnlineEncoderPrefix = "encoder.";

    /// <summary>
    /// The backbone weights: for a MoBY state (keys starting with "encoder.") only the online encoder, with
    /// the prefix removed (encoder_k, projectors, predictor and queues dropped), as the official linear
    /// evaluation and the detection loaders do; any other state is returned as is. "module." is removed first.
    /// </summary>
    public static Dictionary<string, Tensor> Backbone(IReadOnlyDictionary<string, Tensor> state)
    {
        var unwrapped = StripPrefix(state, DataParallelPrefix);
        return IsMoby(unwrapped) ? SelectPrefix(unwrapped, OnlineEncoderPrefix) : unwrapped;
    }

    /// <summary>True when the keys look like a full MoBY model (online encoder under "encoder.").</summary>
    public static bool IsMoby(IReadOnlyDictionary<string, Tensor> state) =>
        state.Keys.Any(k => k.StartsWith(OnlineEncoderPrefix, StringComparison.Ordinal));

    /// <summary>Prefix of a classification head (timm's and the official Swin code's <c>head.weight</c>, <c>head.bias</c>).</summary>
    public const string HeadPrefix = "head.";

    /// <summary>The weights without a classification head: a classifier's (timm, Swin, moby finetune) backbone.</summary>
    public static Dictionary<string, Tensor> WithoutHead(IReadOnlyDictionary<string, Tensor> state) =>
        Rename(state, key => key.StartsWith(HeadPrefix, StringComparison.Ordinal) ? null : key);

    /// <summary>Removes <paramref name="prefix"/> from the keys that have it; other keys are kept unchanged.</summary>
    public static Dictionary<string, Tensor> StripPrefix(IReadOnlyDictionary<string, Tensor> state, string prefix) =>
        Rename(state, key => key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : key);

    /// <summary>Keeps only the keys with <paramref name="prefix"/>, with the prefix removed.</summary>
    public static Dictionary<string, Tensor> SelectPrefix(IReadOnlyDictionary<string, Tensor> state, string prefix) =>
        Rename(state, key => key.StartsWith(prefix, StringComparison.Ordinal) ? key[prefix.Length..] : null);

    /// <summary>Maps every key through <paramref name="rename"/> (null drops it), keeping order; a clash is an error.</summary>
    static Dictionary<string, Tensor> Rename(IReadOnlyDictionary<string, Tensor> state, Func<string, string?> rename)
    {
        var result = new Dictionary<string, Tensor>();
        foreach (var (key, tensor) in state)
        {
            if (rename(key) is not { } newKey) continue;
            if (!result.TryAdd(newKey, tensor))
                throw new ArgumentException($"Renaming '{key}' gives '{newKey}', which is already present.", nameof(state));
        }
        return result;
    }
}
