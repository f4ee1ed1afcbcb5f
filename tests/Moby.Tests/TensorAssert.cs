using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests;

public static class TensorAssert
{
    /// <summary>
    /// Asserts ||actual - expected|| &lt;= max(tolerance ||expected||, absoluteFloor), with equal shapes. The floor is
    /// for tensors that are zero in exact arithmetic (e.g. gradients BatchNorm makes vanish), where both sides hold rounding noise.
    /// </summary>
    public static void RelativeClose(Tensor expected, Tensor actual, double tolerance, string what = "", double absoluteFloor = 0)
    {
        Assert.Equal(expected.shape, actual.shape);
        using var scope = NewDisposeScope();
        var e = expected.to(float64);
        var a = actual.to(float64);
        double norm = e.norm().item<double>();
        double difference = (a - e).norm().item<double>();
        double error = difference / Math.Max(norm, 1e-30);
        Assert.True(difference <= Math.Max(tolerance * norm, absoluteFloor), $"{what}: relative error {error:E3} > {tolerance:E1} (max abs diff {(a - e).abs().max().item<double>():E3})");
    }

    public static void Equal(Tensor expected, Tensor actual, string what = "")
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        using var eq = expected.eq(actual).all();
        Assert.True(eq.item<bool>(), $"{what}: tensors differ");
    }
}
