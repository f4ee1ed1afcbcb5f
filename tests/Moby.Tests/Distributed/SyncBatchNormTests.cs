using Moby.Nn;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Distributed;

public class SyncBatchNormTests
{
    /// <summary>
    /// Two ranks holding the same batch x are one process holding [x; x'] with x' a copy: outputs, input gradients
    /// (which include the other rank's share through the statistics) and running statistics must agree.
    /// </summary>
    [Theory]
    [InlineData(false, new long[] { 4, 6 })]
    [InlineData(true, new long[] { 4, 5, 6 })]
    [InlineData(false, new long[] { 4, 6, 3, 5 })] // mmseg's heads: BatchNorm2d over batch, height and width
    public void GlobalStatisticsAndGradientsMatchOneProcessWithTheWholeBatch(bool tokens, long[] shape)
    {
        manual_seed(3);
        var x = (randn(shape) * 2 + 1).requires_grad_();
        var twin = x.detach().clone().requires_grad_();
        var weights = randn(shape);

        var synced = new SyncBatchNorm(6, tokens) { Communicator = new MirrorWorld(2) };
        var local = new SyncBatchNorm(6, tokens);
        var output = synced.call(x);
        (output * weights).sum().backward();
        var whole = local.call(cat([x.detach().clone().requires_grad_(), twin], 0));
        (whole * cat([weights, weights], 0)).sum().backward();

        using var _ = no_grad();
        TensorAssert.RelativeClose(whole.narrow(0, 0, 4), output.detach(), 1e-5, "output");
        TensorAssert.RelativeClose(twin.grad!, x.grad!, 1e-5, "input gradient");
        foreach (var (name, buffer) in local.named_buffers())
            TensorAssert.RelativeClose(buffer, synced.named_buffers().Single(b => b.name == name).buffer, 1e-6, name);
    }

    [Fact]
    public void OneProcessOnImagesIsBatchNorm2d()
    {
        manual_seed(4);
        var x = randn(3, 5, 4, 6) * 3 + 2;
        var ours = new SyncBatchNorm(5);
        var torchs = nn.BatchNorm2d(5);
        TensorAssert.RelativeClose(torchs.call(x), ours.call(x), 1e-6, "training output");
        foreach (var (name, buffer) in torchs.named_buffers())
            TensorAssert.RelativeClose(buffer, ours.named_buffers().Single(b => b.name == name).buffer, 1e-6, name);
        ours.eval();
        torchs.eval();
        TensorAssert.RelativeClose(torchs.call(x), ours.call(x), 1e-6, "eval output");
    }
}
