using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Backbones.Swin;

/// <summary>One Swin stage: alternating unshifted and shifted blocks, then an optional PatchMerging (keys <c>blocks</c>, <c>downsample</c>).</summary>
internal sealed class BasicLayer : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<SwinTransformerBlock> blocks;
    private readonly PatchMerging? downsample;
    private readonly int resolution;
    private readonly int window;
    private readonly bool padded;

    public BasicLayer(SwinConfig config, int stage, IReadOnlyList<double> dropPaths) : base(nameof(BasicLayer))
    {
        int dim = config.EmbedDim << stage;
        (resolution, window, padded) = (config.Resolution(stage), config.StageWindow(stage), config.Padded);
        blocks = new ModuleList<SwinTransformerBlock>();
        for (int i = 0; i < config.Depths[stage]; i++)
            blocks.Add(new SwinTransformerBlock(config, stage, dim, config.NumHeads[stage], shifted: i % 2 == 1, dropPaths[i]));
        downsample = stage < config.NumLayers - 1 ? new PatchMerging(config.Resolution(stage), dim) : null;
        RegisterComponents();
    }

    /// <summary>The stage's blocks without the downsampling: the stage's feature map as tokens [B, L, C].</summary>
    public Tensor ForwardBlocks(Tensor x) => ForwardBlocks(x, resolution, resolution);

    /// <summary>The blocks on a <paramref name="height"/> x <paramref name="width"/> grid; a padded backbone's shifted
    /// blocks share one mask, built for the grid padded to the window.</summary>
    public Tensor ForwardBlocks(Tensor x, int height, int width)
    {
        int shift = blocks.Max(b => b.Shift);
        using var mask = padded && shift > 0 ? WindowGeometry.ShiftMask(Padded(height), Padded(width), window, shift) : null;
        var current = x.alias();
        foreach (var block in blocks)
        {
            using var previous = current;
            current = block.Forward(previous, height, width, mask);
        }
        return current;
    }

    private int Padded(int size) => (size + window - 1) / window * window;

    public Tensor Downsample(Tensor x) => Downsample(x, resolution, resolution);

    /// <summary>PatchMerging of a <paramref name="height"/> x <paramref name="width"/> grid (the last stage has none: the tokens as they are).</summary>
    public Tensor Downsample(Tensor x, int height, int width) => downsample is null ? x.alias() : downsample.Forward(x, height, width);

    public override Tensor forward(Tensor x)
    {
        using var features = ForwardBlocks(x);
        return Downsample(features);
    }
}
