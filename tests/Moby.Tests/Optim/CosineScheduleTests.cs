using Moby.Optim;
using Xunit;

namespace Moby.Tests.Optim;

/// <summary>The learning-rate schedule MoBY trains with (timm's CosineLRScheduler, per iteration).</summary>
public class CosineScheduleTests
{
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
}
