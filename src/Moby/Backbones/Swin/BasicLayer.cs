using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Backbones.Swin;

/// <summary>One Swin stage: alternating unshifted and shifted blocks, then an optional PatchMerging (keys <c>blocks</c>, <c>downsample</c>).</summary>
internal sealed class BasicLayer : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<SwinTransformerBlock> blocks;
    private readonly PatchMerging? downsample;

    public BasicLayer(SwinConfig config, int stage, IReadOnlyList<double> dropPaths) : base(nameof(BasicLayer))
    {
        int dim = config.EmbedDim << stage;
        blocks = new ModuleList<SwinTransformerBlock>();
        for (int i = 0; i < config.Depths[stage]; i++)
            blocks.Add(new SwinTransformerBlock(config, stage, dim, config.NumHeads[stage], shifted: i % 2 == 1, dropPaths[i]));
        downsample = stage < config.NumLayers - 1 ? new PatchMerging(config.Resolution(stage), dim) : null;
        RegisterComponents();
    }

    /// <summary>The stage's blocks without the downsampling: the stage's feature map as tokens [B, L, C].</summary>
    public Tensor ForwardBlocks(Tensor x)
    {
        var current = x.alias();
        foreach (var block in blocks)
        {
            using var previous = current;
            current = block.call(previous);
        }
        return current;
    }

    public Tensor Downsample(Tensor x) => downsample is null ? x.alias() : downsample.call(x);

    public override Tensor forward(Tensor x)
    {
        using var features = ForwardBlocks(x);
        return Downsample(features);
    }
}
