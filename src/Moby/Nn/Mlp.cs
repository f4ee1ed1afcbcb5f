using Moby.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Moby.Nn;

/// <summary>The transformer MLP: fc1 (C -> hidden), GELU (exact), fc2 (hidden -> C). Dropout is 0 in MoBY and omitted.</summary>
internal sealed class Mlp : nn.Module<Tensor, Tensor>
{
    private readonly Linear fc1;
    private readonly Linear fc2;

    public Mlp(long inFeatures, long hiddenFeatures) : base(nameof(Mlp))
    {
        fc1 = new Linear(inFeatures, hiddenFeatures, reducedOutput: true); // GELU's output feeds fc2 in the matmul dtype
        fc2 = new Linear(hiddenFeatures, inFeatures);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var hidden = fc1.call(x);
        using var activated = nn.functional.gelu(hidden);
        return fc2.call(activated);
    }
}
