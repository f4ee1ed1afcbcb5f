using Moby.Nn;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Nn;

public class DropPathTests
{
    [Fact]
    public void TrainingDropsWholeSamplesAndRescalesTheRest()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        using var drop = new DropPath(0.25);
        drop.train();
        var y = drop.call(ones(4000, 5, 3));
        var perSample = y.view(4000, -1);
        var kept = perSample.amax(1) > 0;
        Assert.True(perSample.amin(1).eq(perSample.amax(1)).all().item<bool>(), "a sample is dropped or kept whole");
        Assert.InRange(kept.to(float32).mean().item<float>(), 0.72, 0.78);
        Assert.Equal(1 / 0.75, y.max().item<float>(), 5);
    }

    [Fact]
    public void EvalIsIdentity()
    {
        using var scope = NewDisposeScope();
        using var drop = new DropPath(0.5);
        drop.eval();
        var x = randn(8, 3);
        TensorAssert.Equal(x, drop.call(x));
    }
}
