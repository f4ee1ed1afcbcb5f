using Moby.Nn;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Nn;

public class TruncNormalTests
{
    [Fact]
    public void SmallStdIsAnOrdinaryNormal()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        var t = TruncNormal.Fill(empty(200_000), std: 0.02);
        Assert.InRange(t.mean().item<float>(), -5e-4, 5e-4);
        Assert.InRange(t.std().item<float>(), 0.0198, 0.0202);
        // Normal tails: about 4.55% beyond 2 sigma (TorchSharp's broken trunc_normal_ gives a constant).
        double beyond = (t.abs() > 0.04).to(float32).mean().item<float>();
        Assert.InRange(beyond, 0.040, 0.051);
    }

    [Fact]
    public void BoundsAreAbsoluteAndRespected()
    {
        using var scope = NewDisposeScope();
        manual_seed(2);
        var t = TruncNormal.Fill(empty(100_000), mean: 1, std: 1, a: 0, b: 2);
        Assert.True(t.min().item<float>() >= 0 && t.max().item<float>() <= 2);
        Assert.InRange(t.mean().item<float>(), 0.99, 1.01);
        // Var of N(0,1) truncated to [-1, 1] is 1 - 2 phi(1) / (2 Phi(1) - 1) = 0.2911.
        Assert.InRange(t.var().item<float>(), 0.285, 0.297);
    }
}
