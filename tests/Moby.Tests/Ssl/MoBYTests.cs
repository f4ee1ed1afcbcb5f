using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Ssl;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Ssl;

public class MoBYTests
{
    internal static MoBYConfig Micro(int queue = 10) => ModelConfigs.MoBYDefaults(new SwinConfig { ImgSize = 16, PatchSize = 2, EmbedDim = 16, Depths = [2], NumHeads = [2], WindowSize = 4 }) with
    {
        InnerDim = 32, OutDim = 16, QueueSize = queue, OnlineDropPath = 0, TargetDropPath = 0,
    };

    [Fact]
    public void StateDictHasTheOfficialModuleAndBufferNames()
    {
        using var model = new MoBY(Micro());
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var key in new[] { "queue1", "queue2", "queue_ptr", "encoder.norm.weight", "encoder_k.norm.weight", "projector.linear_hidden.1.weight",
                                    "projector.linear_hidden.2.running_var", "projector_k.linear_out.bias", "predictor.linear_hidden.2.num_batches_tracked" })
            Assert.Contains(key, keys);
        Assert.DoesNotContain(keys, k => k.StartsWith("predictor_k") || k.Contains("linear_hidden.0"));
    }

    [Fact]
    public void TargetStartsAsACopyAndIsNotTrained()
    {
        using var model = new MoBY(Micro());
        var state = model.state_dict();
        foreach (var (name, p) in model.named_parameters().Where(p => p.name.StartsWith("encoder.")))
            TensorAssert.Equal(p, state["encoder_k." + name["encoder.".Length..]], name);
        Assert.All(model.named_parameters().Where(p => p.name.StartsWith("encoder_k.") || p.name.StartsWith("projector_k.")),
                   p => Assert.False(p.parameter.requires_grad));
        Assert.DoesNotContain(model.TrainableParameters(), p => p.Name.Contains("_k."));
    }

    [Fact]
    public void QueueWrapsAroundWhenTheBatchDoesNotDivideIt()
    {
        using var scope = NewDisposeScope();
        using var model = new MoBY(Micro(queue: 10));
        model.train();
        var state = model.state_dict();
        for (int i = 0; i < 3; i++)
        {
            using var _ = no_grad();
            model.Forward(randn(4, 3, 16, 16), randn(4, 3, 16, 16), 0.99).Dispose();
        }
        Assert.Equal(2, state["queue_ptr"].item<long>()); // 12 keys written into 10 slots
        var norms = state["queue1"].norm(0);
        Assert.True(norms.sub(1).abs().max().item<float>() < 1e-5, "every slot holds a unit key");
    }

    [Fact]
    public void MomentumScheduleRisesFromBaseToOneByCosine()
    {
        var schedule = new MomentumSchedule(0.99, 100);
        Assert.Equal(0.99, schedule.At(0), 12);
        Assert.Equal(0.995, schedule.At(50), 12);
        Assert.Equal(1.0, schedule.At(100), 12);
        Assert.Equal(1 - 0.01 * (Math.Cos(Math.PI * 0.25) + 1) / 2, schedule.At(25), 12);
    }
}
