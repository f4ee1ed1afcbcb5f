using Moby.Nn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Nn;

/// <summary>
/// Float32 linear layers on OpenBLAS must give F.linear's values, forward and backward, and fall back to LibTorch
/// when switched off. scripts/setup.sh installs OpenBLAS, so the suite always exercises both paths.
/// </summary>
public class BlasLinearTests
{
    [Fact]
    public void OpenBlasIsInstalledForTheSuite()
    {
        Assert.True(OpenBlas.Available, "libopenblas.so.0 was not found: scripts/setup.sh installs libopenblas0-pthread.");
        Assert.False(string.IsNullOrEmpty(OpenBlas.CoreName));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LinearOnOpenBlasMatchesLibTorchForwardAndBackward(bool hasBias)
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var layer = new Linear(37, 53, hasBias);
        var input = randn(3, 5, 37);
        var (y, gradX, gradW, gradB) = Pass(layer, input, openBlas: true);
        var (yRef, gradXRef, gradWRef, gradBRef) = Pass(layer, input, openBlas: false);
        Assert.Equal(yRef.shape, y.shape);
        TensorAssert.RelativeClose(yRef, y, 1e-5, "output", absoluteFloor: 1e-6);
        TensorAssert.RelativeClose(gradXRef, gradX, 1e-5, "input gradient", absoluteFloor: 1e-6);
        TensorAssert.RelativeClose(gradWRef, gradW, 1e-5, "weight gradient", absoluteFloor: 1e-6);
        if (hasBias) TensorAssert.RelativeClose(gradBRef!, gradB!, 1e-5, "bias gradient", absoluteFloor: 1e-6);
        else Assert.Null(gradB);
    }

    [Fact]
    public void NonContiguousInputAndNoGradientWork()
    {
        using var scope = NewDisposeScope();
        manual_seed(12);
        var layer = new Linear(8, 6);
        var input = randn(8, 10).t(); // [10, 8], not contiguous
        Assert.False(input.is_contiguous());
        Tensor y, yRef;
        using (no_grad())
        {
            using (Fp32Gemm.Use(true)) y = Fp32Gemm.OnOpenBlas ? layer.call(input) : throw new InvalidOperationException("OpenBLAS is off.");
            using (Fp32Gemm.Use(false)) yRef = layer.call(input);
        }
        Assert.False(y.requires_grad);
        TensorAssert.RelativeClose(yRef, y, 1e-5, "output", absoluteFloor: 1e-6);
    }

    /// <summary>
    /// A C# handle keeps its tensor alive until disposed, and a training step disposes its scope only after the whole
    /// backward: the function must leave no more handles alive than F.linear does (the forward's output), but for the
    /// node's output cache, and its backward at most the gradients it last returned.
    /// </summary>
    [Fact]
    public void LeavesNoMoreHandlesAliveThanFLinear()
    {
        var (forward, backward) = (new long[2], new long[2]);
        foreach (bool openBlas in new[] { false, true })
        {
            using var scope = NewDisposeScope();
            manual_seed(14);
            var (first, second) = (new Linear(16, 32), new Linear(32, 8));
            var x = randn(4, 6, 16).requires_grad_();
            using var use = Fp32Gemm.Use(openBlas);
            long start = Live();
            var y = second.call(first.call(x));
            forward[openBlas ? 1 : 0] = Live() - start;
            var loss = y.sum();
            start = Live();
            loss.backward();
            backward[openBlas ? 1 : 0] = Live() - start;
        }
        Assert.Equal(forward[0] + 2, forward[1]); // and each node's output cache, made zero-stride (freed with the graph)
        Assert.InRange(backward[1] - backward[0], 0, 3); // the first layer's dx, dW and db, released by the next backward
    }

    private static long Live() => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

    [Fact]
    public void ProductOfTransposedOperandsIsTorchMm()
    {
        using var scope = NewDisposeScope();
        manual_seed(13);
        var (a, b) = (randn(7, 4), randn(9, 7));
        TensorAssert.RelativeClose(a.t().mm(b.t()), OpenBlas.MatMul(a, true, b, true), 1e-5, "A^T B^T", absoluteFloor: 1e-6);
        Assert.Throws<ArgumentException>(() => OpenBlas.MatMul(a, false, b, false));
        Assert.Throws<ArgumentException>(() => OpenBlas.MatMul(a.t(), false, a, false));
    }

    [Theory]
    [InlineData(null, false, true)]
    [InlineData("auto", true, false)]
    [InlineData(" OpenBLAS ", true, true)]
    [InlineData("libtorch", false, false)]
    public void TheEnvironmentChoosesTheLibrary(string? setting, bool intel, bool expected)
    {
        Assert.Equal(expected, Fp32Gemm.Choose(setting, intel));
    }

    [Fact]
    public void AnUnknownSettingNamesTheVariable()
    {
        var e = Assert.Throws<ArgumentException>(() => Fp32Gemm.Choose("mkl", false));
        Assert.Contains(Fp32Gemm.Variable, e.Message);
    }

    private static (Tensor Y, Tensor GradX, Tensor GradW, Tensor? GradB) Pass(Linear layer, Tensor input, bool openBlas)
    {
        foreach (var p in layer.parameters()) p.grad = null;
        var x = input.clone().requires_grad_();
        Tensor y;
        using (Fp32Gemm.Use(openBlas))
        {
            Assert.Equal(openBlas, Fp32Gemm.OnOpenBlas);
            y = layer.call(x);
        }
        (y * arange(y.numel()).view(y.shape).sin()).sum().backward();
        return (y.detach(), x.grad!.clone(), layer.Weight.grad!.clone(), layer.Bias?.grad?.clone());
    }
}
