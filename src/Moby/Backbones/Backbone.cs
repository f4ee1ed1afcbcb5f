using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Backbones;

/// <summary>
/// A headless vision backbone (timm's <c>num_classes=0</c>): images [B, C, H, W] to pooled features
/// [B, NumFeatures]. Subclasses keep the official module and key names so official weights load by name.
/// </summary>
public abstract class Backbone : nn.Module<Tensor, Tensor>
{
    /// <summary>Only the backbones of this library derive from it (their weights follow the official key names).</summary>
    private protected Backbone(string name) : base(name) { }

    /// <summary>The configuration it was built from (a fresh <c>Architecture.Create()</c> is the same network, newly initialised).</summary>
    public abstract IBackboneConfig Architecture { get; }

    /// <summary>Width of the pooled feature.</summary>
    public abstract long NumFeatures { get; }

    /// <summary>The input size the model was built for (square).</summary>
    public abstract int ImageSize { get; }

    /// <summary>Input channels.</summary>
    public abstract int InChans { get; }

    /// <summary>Pooled, normalised features (Swin: final LayerNorm then mean over tokens; ViT: final LayerNorm, CLS token).</summary>
    public abstract Tensor forward_features(Tensor x);

    /// <summary>Same as <see cref="forward_features"/>: the pooled features [B, <see cref="NumFeatures"/>].</summary>
    public override Tensor forward(Tensor x) => forward_features(x);

    /// <summary>Throws a clear error when a batch does not fit the model.</summary>
    private protected void CheckInput(Tensor x)
    {
        var shape = x.shape;
        if (shape.Length != 4 || shape[1] != InChans || shape[2] != ImageSize || shape[3] != ImageSize)
            throw new ArgumentException(
                $"{GetName()} expects images [B, {InChans}, {ImageSize}, {ImageSize}], got [{string.Join(", ", shape)}].");
    }
}
