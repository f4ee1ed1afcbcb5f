using Moby.Optim;
using Xunit;

namespace Moby.Tests.Optim;

/// <summary>mmdet's 1x schedule (mmcv's StepLrUpdaterHook by epoch, linear warmup by iteration) on hand-computed values.</summary>
public class StepScheduleTests
{
    [Fact]
    public void TheRateStepsDownAtTheStartOfEachStepEpochAfterALinearWarmup()
    {
        // 5 iterations per epoch, steps at epochs 2 and 3, warmup over 4 iterations from 0.001 of the rate.
        var schedule = new StepSchedule(BaseLr: 0.01, Gamma: 0.1, StepEpochs: [2, 3], StepsPerEpoch: 5, WarmupSteps: 4, WarmupRatio: 0.001);
        Assert.Equal(0.01 * 0.001, schedule.At(0), 15);               // k = (1 - 0/4)(1 - 0.001): the rate times 0.001
        Assert.Equal(0.01 * (1 - 0.5 * 0.999), schedule.At(2), 15);   // k = (1 - 2/4) * 0.999
        Assert.Equal(0.01, schedule.At(4), 15);                       // warmup over
        Assert.Equal(0.01, schedule.At(9), 15);                       // last iteration of epoch 1
        Assert.Equal(0.001, schedule.At(10), 15);                     // epoch 2: one step
        Assert.Equal(0.001, schedule.At(14), 15);
        Assert.Equal(0.0001, schedule.At(15), 15);                    // epoch 3: two steps
        Assert.Equal(0.0001, schedule.At(1000), 15);
    }

    [Fact]
    public void WarmupScalesTheRateOfTheEpochItReaches()
    {
        // 2 iterations per epoch, a step at epoch 1 during the warmup of 4: iteration 2 is epoch 1's, regular rate 0.001.
        var schedule = new StepSchedule(0.01, 0.1, [1], 2, 4, 0.5);
        Assert.Equal(0.01 * (1 - 0.75 * 0.5), schedule.At(1), 15);
        Assert.Equal(0.001 * (1 - 0.5 * 0.5), schedule.At(2), 15);
        Assert.Equal(0.001, schedule.At(4), 15);
        Assert.Equal(0.02, new StepSchedule(0.02, 0.1, [], 3, 0, 0.001).At(0), 15);   // no steps, no warmup
    }

    [Fact]
    public void MmdetsOneXScheduleOnCoco()
    {
        // 7,330 iterations per epoch (117,266 images / 16): lr 1e-4 until epoch 8, 1e-5 in epochs 8 to 10, 1e-6 in epoch 11.
        var schedule = new StepSchedule(1e-4, 0.1, [8, 11], 7330, 500, 0.001);
        Assert.Equal(1e-7, schedule.At(0), tolerance: 1e-18);
        Assert.Equal(1e-4 * (1 - 0.5 * 0.999), schedule.At(250), tolerance: 1e-18);
        Assert.Equal(1e-4, schedule.At(8 * 7330 - 1), tolerance: 1e-18);
        Assert.Equal(1e-5, schedule.At(8 * 7330), tolerance: 1e-18);
        Assert.Equal(1e-6, schedule.At(11 * 7330), tolerance: 1e-18);
    }

    [Fact]
    public void AScheduleFittedToABudgetMovesItsStepsAndWarmupInProportion()
    {
        // 12 epochs of 10 steps with steps at 8 and 11 fitted to 60 steps: the steps fall at 40 and 55, the warmup of 20 is 10.
        var configured = new StepSchedule(0.01, 0.1, [8, 11], 10, 20, 0.001);
        Assert.Same(configured, configured.Over(120, 120));
        var fitted = configured.Over(60, 120);
        Assert.Equal(10, fitted.WarmupSteps);
        Assert.Equal(0.01, fitted.At(39), 15);
        Assert.Equal(0.001, fitted.At(40), 15);
        Assert.Equal(0.001, fitted.At(54), 15);
        Assert.Equal(0.0001, fitted.At(55), 15);
    }
}
