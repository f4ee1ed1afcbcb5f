using Moby.Data;
using Moby.Optim;
using Moby.Ssl;
using Moby.Tests.Ssl;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Training;

/// <summary>One optimizer step of pre-training over its micro-batches.</summary>
public class PretrainStepTests
{
    [Fact]
    public void AccumulationAveragesTheMicroBatchGradientsAndStepsOnce()
    {
        using var scope = NewDisposeScope();
        manual_seed(5);
        var batches = new SyntheticSource(4, 3, 16, 2, seed: 5).Epoch(0).ToList();

        manual_seed(6);
        using var accumulated = new MoBY(MoBYTests.Micro());
        using var optimizer = new AdamW(ParameterGroups.Official(accumulated.TrainableParameters(), 0.05));
        accumulated.train();
        new PretrainStep(accumulated, optimizer, clipGrad: 0).Run(batches, lr: 0, momentum: 0.99);
        Assert.Equal(1, optimizer.StepCount);

        manual_seed(6);
        using var separate = new MoBY(MoBYTests.Micro());
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
