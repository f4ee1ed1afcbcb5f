using Moby.Backbones.Swin;
using Moby.Data;
using Moby.Optim;
using Moby.Ssl;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Ssl;

public class MoBYTests
{
    internal static MoBYConfig Micro(int queue = 10) => new()
    {
        Encoder = new SwinConfig { ImgSize = 16, PatchSize = 2, EmbedDim = 16, Depths = [2], NumHeads = [2], WindowSize = 4 },
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

    [Fact]
    public void LrScheduleIsTimmsPerIterationCosineWithoutWarmupPrefix()
    {
        var schedule = new CosineSchedule(BaseLr: 1e-3, WarmupLr: 5e-7, MinLr: 5e-6, WarmupSteps: 10, TotalSteps: 100);
        Assert.Equal(5e-7, schedule.At(0), 15);
        Assert.Equal(5e-7 + 5 * (1e-3 - 5e-7) / 10, schedule.At(5), 15);
        // After warmup the cosine is evaluated at t itself (warmup_prefix=False), so lr(10) is slightly below base.
        Assert.Equal(5e-6 + 0.5 * (1e-3 - 5e-6) * (1 + Math.Cos(Math.PI * 10 / 100)), schedule.At(10), 15);
        Assert.Equal(5e-6, schedule.At(100), 15);
        Assert.Equal(schedule.At(0), schedule.ForIteration(0));
        Assert.Equal(schedule.At(0), schedule.ForIteration(1));
        Assert.Equal(schedule.At(6), schedule.ForIteration(7));
    }

    [Fact]
    public void OfficialParameterGroupsDecayThePositionBiasTableUnlessExcluded()
    {
        using var model = new MoBY(Micro());
        var official = ParameterGroups.Official(model.TrainableParameters(), 0.05);
        Assert.Contains(official[0].Parameters, p => p.Name.EndsWith("relative_position_bias_table"));
        Assert.DoesNotContain(official[0].Parameters, p => p.Name.EndsWith(".bias") || p.Parameter.dim() == 1);
        Assert.Equal(0.0, official[1].WeightDecay);
        var excluded = ParameterGroups.Official(model.TrainableParameters(), 0.05, excludeEmbeddings: true);
        Assert.Contains(excluded[1].Parameters, p => p.Name.EndsWith("relative_position_bias_table"));
        Assert.Equal(model.TrainableParameters().Count(), official.Sum(g => g.Parameters.Count));
    }

    [Fact]
    public void AccumulationAveragesTheMicroBatchGradientsAndStepsOnce()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var batches = new SyntheticSource(4, 3, 16, 2, seed: 5).Epoch(0).ToList();

        manual_seed(6);
        using var accumulated = new MoBY(Micro());
        using var optimizer = new AdamW(ParameterGroups.Official(accumulated.TrainableParameters(), 0.05));
        accumulated.train();
        new PretrainStep(accumulated, optimizer, clipGrad: 0).Run(batches, lr: 0, momentum: 0.99);
        Assert.Equal(1, optimizer.StepCount);

        manual_seed(6);
        using var separate = new MoBY(Micro());
        separate.train();
        var sums = separate.TrainableParameters().ToDictionary(p => p.Name, p => zeros_like(p.Parameter));
        for (int i = 0; i < 2; i++)
        {
            foreach (var (_, p) in separate.TrainableParameters()) p.grad?.zero_();
            using var output = separate.Forward(batches[i].View1, batches[i].View2, i == 0 ? 0.99 : null);
            output.Loss.backward();
            foreach (var (name, p) in separate.TrainableParameters()) sums[name].add_(p.grad!);
        }
        foreach (var (name, p) in accumulated.TrainableParameters())
            TensorAssert.RelativeClose(sums[name] / 2, p.grad!, 1e-5, name, absoluteFloor: 1e-7);
    }
}
