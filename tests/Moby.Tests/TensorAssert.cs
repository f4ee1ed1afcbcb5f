using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests;

/// <summary>Tensor comparisons with messages that say what differs: within a tolerance, equal, or the same bytes.</summary>
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

    /// <summary>Same dtype, shape and bytes (Tensor.equal is element-wise in TorchSharp, and NaN != NaN).</summary>
    public static void BitIdentical(Tensor expected, Tensor actual, string what)
    {
        Assert.True(expected.dtype == actual.dtype, $"{what}: dtype {actual.dtype}, expected {expected.dtype}");
        Assert.True(expected.shape.SequenceEqual(actual.shape), $"{what}: shape [{string.Join(",", actual.shape)}], expected [{string.Join(",", expected.shape)}]");
        using var scope = NewDisposeScope();
        Assert.True(expected.contiguous().bytes.SequenceEqual(actual.contiguous().bytes), $"{what}: values differ");
    }

    public static void BitIdentical(IReadOnlyDictionary<string, Tensor> expected, IReadOnlyDictionary<string, Tensor> actual)
    {
        Assert.Equal(expected.Keys, actual.Keys);
        foreach (var (key, tensor) in expected) BitIdentical(tensor, actual[key], key);
    }
}
