using TorchSharp;
using static TorchSharp.torch;
using static Moby.Torch.Scalars;

namespace Moby.Nn;

/// <summary>timm's <c>_init_weights</c> for transformers: Linear weights trunc_normal(std 0.02) with zero
/// bias, LayerNorm weight 1 and bias 0. Conv2d keeps PyTorch's default.</summary>
internal static class TimmInit
{
    public static void Apply(nn.Module root)
    {
        using var _ = no_grad();
        foreach (var (_, module) in root.named_modules())
        {
            switch (module)
            {
                case Linear linear:
                    TruncNormal.Fill(linear.Weight, std: 0.02);
                    linear.Bias?.zero_();
                    break;
                case TorchSharp.Modules.LayerNorm norm:
                    norm.weight?.fill_(One);
                    norm.bias?.zero_();
                    break;
            }
        }
    }
}
