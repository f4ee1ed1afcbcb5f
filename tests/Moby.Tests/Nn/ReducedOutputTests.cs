using Moby.Nn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Nn;

/// <summary>Keeping a product in bf16 for a consumer that casts it back anyway must change no value, forward or backward.</summary>
public class ReducedOutputTests
{
    [Fact]
    public void MlpInBf16EqualsCastingEveryProductBackToFloat32()
    {
        using var scope = NewDisposeScope();
        manual_seed(4);
        using var mlp = new Mlp(24, 96);
        var (fc1, fc2) = ((Linear)mlp.named_children().First().module, (Linear)mlp.named_children().Last().module);
        var input = randn(10, 24);
        var x = input.clone().requires_grad_();
        Tensor y;
        using (Precision.Use(ScalarType.BFloat16)) y = mlp.call(x);
        Assert.Equal(ScalarType.Float32, y.dtype);
        y.sum().backward();
        var (gradX, gradW1) = (x.grad!.clone(), fc1.Weight.grad!.clone());
        foreach (var p in mlp.parameters()) p.grad = null;

        // Every product cast back to float32 and its consumer casting again: what each layer did on its own.
        var reference = input.clone().requires_grad_();
        var hidden = nn.functional.linear(reference.to(bfloat16), fc1.Weight.to(bfloat16), fc1.Bias!.to(bfloat16)).to(float32);
        var activated = nn.functional.gelu(hidden);
        var expected = nn.functional.linear(activated.to(bfloat16), fc2.Weight.to(bfloat16), fc2.Bias!.to(bfloat16)).to(float32);
        expected.sum().backward();
        TensorAssert.BitIdentical(expected, y, "output");
        TensorAssert.BitIdentical(reference.grad!, gradX, "input gradient");
        TensorAssert.BitIdentical(fc1.Weight.grad!, gradW1, "fc1 weight gradient");
    }
}
