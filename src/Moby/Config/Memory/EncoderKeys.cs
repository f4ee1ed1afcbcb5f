namespace Moby.Config.Memory;

/// <summary>
/// The keys that size the encoder a tree describes, to name in a refusal: its weights (width, depth, MLP ratio) and,
/// beyond those, its activations (heads, windows, patches). A registry preset or a DeiT name sizes it whole.
/// </summary>
internal sealed class EncoderKeys
{
    public IReadOnlyList<string> Weights { get; }
    public IReadOnlyList<string> Activations { get; }

    /// <summary>An encoder that comes from a checkpoint, not from keys.</summary>
    public static EncoderKeys None { get; } = new([], []);

    private EncoderKeys(IReadOnlyList<string> weights, IReadOnlyList<string> activations) => (Weights, Activations) = (weights, activations);

    public EncoderKeys(ConfigTree tree) : this(WeightKeys(tree), ActivationKeys(tree)) { }

    private static string[] WeightKeys(ConfigTree tree) => Named(tree) ?? (tree.String("MODEL.MOBY.ENCODER") == "vit"
        ? ["MOBYNET.VIT.EMBED_DIM", "MOBYNET.VIT.DEPTH", "MOBYNET.VIT.MLP_RATIO"]
        : ["MODEL.SWIN.EMBED_DIM", "MODEL.SWIN.DEPTHS", "MODEL.SWIN.MLP_RATIO"]);

    private static string[] ActivationKeys(ConfigTree tree) => Named(tree) ?? (tree.String("MODEL.MOBY.ENCODER") == "vit"
        ? ["MOBYNET.VIT.EMBED_DIM", "MOBYNET.VIT.DEPTH", "MOBYNET.VIT.MLP_RATIO", "MOBYNET.VIT.NUM_HEADS", "MOBYNET.VIT.PATCH_SIZE"]
        : ["MODEL.SWIN.EMBED_DIM", "MODEL.SWIN.DEPTHS", "MODEL.SWIN.MLP_RATIO", "MODEL.SWIN.NUM_HEADS", "MODEL.SWIN.WINDOW_SIZE", "MODEL.SWIN.PATCH_SIZE"]);

    /// <summary>The key that names the whole architecture, when one does (a preset, or one of the official DeiT names).</summary>
    private static string[]? Named(ConfigTree tree) =>
        tree.String("MOBYNET.MODEL_PRESET").Length > 0 ? ["MOBYNET.MODEL_PRESET"]
        : tree.String("MODEL.MOBY.ENCODER") is "swin" or "vit" ? null : ["MODEL.MOBY.ENCODER"];
}
