using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Backbones.Vit;

/// <summary>The pre-norm transformer block: x + DropPath(Attn(LN(x))), x + DropPath(MLP(norm2(x))).</summary>
internal sealed class Block : nn.Module<Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly DropPath drop_path;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly Mlp mlp;

    public Block(VitConfig config, double dropPath) : base(nameof(Block))
    {
        norm1 = nn.LayerNorm(config.EmbedDim, VitConfig.LayerNormEps);
        attn = new Attention(config.EmbedDim, config.NumHeads, config.QkvBias);
        drop_path = new DropPath(dropPath);
        norm2 = config.NormBeforeMlp == "bn" ? new SyncBatchNorm(config.EmbedDim, tokens: true) : nn.LayerNorm(config.EmbedDim, VitConfig.LayerNormEps);
        mlp = new Mlp(config.EmbedDim, (long)(config.EmbedDim * config.MlpRatio));
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var normed1 = norm1.call(x);
        using var attended = attn.call(normed1);
        using var dropped = drop_path.call(attended);
        using var afterAttention = x.add(dropped, One);
        using var normed2 = norm2.call(afterAttention);
        using var hidden = mlp.call(normed2);
        using var droppedMlp = drop_path.call(hidden);
        return afterAttention.add(droppedMlp, One);
    }
}
