using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Nn;
using Moby.Ssl;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Nn;

/// <summary>Two views stacked into one batch must give what two separate passes give, BatchNorm statistics included.</summary>
public class BatchGroupsTests
{
    [Fact]
    public void BatchNormOfStackedViewsEqualsTwoSeparateCalls()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var stacked = new SyncBatchNorm(6);
        using var separate = new SyncBatchNorm(6);
        var (a, b) = (randn(5, 6) * 3 + 1, randn(5, 6) - 2);
        var (x1, x2) = (a.clone().requires_grad_(), b.clone().requires_grad_());
        Tensor y;
        using (BatchGroups.Split(2)) y = stacked.call(cat([a, b], 0).requires_grad_());
        var expected = cat([separate.call(x1), separate.call(x2)], 0);
        TensorAssert.RelativeClose(expected, y, 1e-6, "output");
        foreach (var (name, buffer) in separate.named_buffers())
            TensorAssert.RelativeClose(buffer.to(float64), stacked.named_buffers().Single(n => n.name == name).buffer.to(float64), 1e-6, name);
        Assert.Equal(2, stacked.named_buffers().Single(n => n.name == "num_batches_tracked").buffer.item<long>());

        // The gradient of the stacked call's affine weight is the sum over both views.
        (y * y.detach().cos()).sum().backward();
        (expected * expected.detach().cos()).sum().backward();
        TensorAssert.RelativeClose(separate.parameters().First().grad!, stacked.parameters().First().grad!, 1e-5, "weight gradient");
    }

    [Fact]
    public void ConvStemBackboneOnStackedViewsEqualsSeparatePasses()
    {
        using var scope = NewDisposeScope();
        var config = new SwinConfig { ImgSize = 32, PatchSize = 4, InChans = 1, EmbedDim = 16, Depths = [2, 2], NumHeads = [2, 4], WindowSize = 4, ConvStem = true, DropPathRate = 0 };
        manual_seed(2);
        using var stacked = BackboneRegistry.Create(config);
        manual_seed(2);
        using var separate = BackboneRegistry.Create(config);
        stacked.train();
        separate.train();
        var (v1, v2) = (randn(3, 1, 32, 32), randn(3, 1, 32, 32) * 2);
        Tensor y;
        using (BatchGroups.Split(2)) y = stacked.call(cat([v1, v2], 0));
        var expected = cat([separate.call(v1), separate.call(v2)], 0);
        TensorAssert.RelativeClose(expected, y, 1e-5, "features");
        var buffers = stacked.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        foreach (var (name, buffer) in separate.named_buffers().Where(b => b.name.Contains("bn.")))
            TensorAssert.RelativeClose(buffer.to(float64), buffers[name].to(float64), 1e-6, name);
    }

    [Fact]
    public void MoBYNormalisesEachViewAlone()
    {
        using var scope = NewDisposeScope();
        var config = ModelConfigs.MoBYDefaults(new SwinConfig { ImgSize = 16, PatchSize = 2, InChans = 1, EmbedDim = 16, Depths = [2], NumHeads = [2], WindowSize = 4, ConvStem = true }) with
        {
            InnerDim = 32, OutDim = 16, QueueSize = 10, OnlineDropPath = 0, TargetDropPath = 0,
        };
        using var model = new MoBY(config);
        model.train();
        model.Forward(randn(4, 1, 16, 16), randn(4, 1, 16, 16), 0.99).Dispose();
        // Every BatchNorm (stems of both encoders, the three heads) saw two batches, one per view, as in the official code.
        var counts = model.named_buffers().Where(b => b.name.EndsWith("num_batches_tracked")).ToList();
        Assert.Contains(counts, b => b.name.StartsWith("encoder_k."));
        Assert.All(counts, b => Assert.Equal(2, b.buffer.item<long>()));
    }

    [Fact]
    public void UnequalPartsAreRefused()
    {
        using var scope = NewDisposeScope();
        using var norm = new SyncBatchNorm(3);
        using var _ = BatchGroups.Split(2);
        var error = Assert.Throws<ArgumentException>(() => norm.call(randn(5, 3)));
        Assert.Contains("5", error.Message);
    }
}
