using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Backbones.Swin;

/// <summary>
/// Swin as the official segmentation and detection code runs it (their <c>SwinTransformer</c> backbone): a padded
/// <see cref="SwinTransformer"/> (<see cref="SwinConfig.Padded"/>: any input size) whose stage outputs each get a
/// LayerNorm and come out as NCHW maps. Keys as theirs: <c>patch_embed.*</c>, <c>layers.*</c> (no <c>attn_mask</c>: it is
/// built per input), <c>norm0</c> .. <c>norm{n-1}</c>; the classifier's final <c>norm</c> is not part of it.
/// </summary>
internal sealed class SwinPyramid : nn.Module<Tensor, List<Tensor>>
{
    // Delegates, not a field holding the module: a parent's RegisterComponents registers any field whose value is a
    // module (its final norm included) as a child.
    private readonly Func<Tensor, List<Tensor>> stages;
    private readonly Action releaseClassifier;
    private readonly LayerNorm[] norms;

    public SwinPyramid(SwinConfig config) : base(nameof(SwinPyramid))
    {
        if (!config.Padded) throw new ArgumentException("A feature pyramid needs a padded Swin configuration (SwinConfig.Padded).");
        Config = config;
        var swin = new SwinTransformer(config);
        (stages, releaseClassifier) = (swin.ForwardStages, swin.Dispose);
        // The classifier's modules are this module's, under their own names; its final norm is left out.
        foreach (var (name, child) in swin.named_children())
            if (name != "norm") register_module(name, child);
        norms = Enumerable.Range(0, config.NumLayers).Select(i => nn.LayerNorm((long)config.EmbedDim << i)).ToArray();
        for (int i = 0; i < norms.Length; i++) register_module($"norm{i}", norms[i]);
    }

    public SwinConfig Config { get; }

    /// <summary>Channels of each stage's map.</summary>
    public long[] Channels => Enumerable.Range(0, Config.NumLayers).Select(i => (long)Config.EmbedDim << i).ToArray();

    /// <summary>Each stage's normalised map [B, C_i, H_i, W_i]; H_0 = ceil(H / patch), then halved rounding up.</summary>
    public override List<Tensor> forward(Tensor x)
    {
        var maps = stages(x);
        for (int i = 0; i < maps.Count; i++)
        {
            using var map = maps[i];
            using var tokens = map.permute(0, 2, 3, 1);
            using var normed = norms[i].call(tokens);
            maps[i] = normed.permute(0, 3, 1, 2).contiguous();
        }
        return maps;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) releaseClassifier();
        base.Dispose(disposing);
    }
}
