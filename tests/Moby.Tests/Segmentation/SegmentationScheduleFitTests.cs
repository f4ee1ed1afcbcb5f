using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Segmentation;

/// <summary>The transfer tasks fit their schedules to the time budget as pre-training does (MOBYNET.FIT_TO_BUDGET), on a clock that only steps move.</summary>
public class SegmentationScheduleFitTests
{
    [Fact]
    public void AFittedSegmentationRunEndsAnnealedWithinItsBudgetAndValidatesAtItsEnd()
    {
        using var dir = new TempDir();
        // 8 scenes in batches of 4: 2 steps an epoch; 60 iterations; a 5-minute budget at 10 s a step.
        var tree = TinyScenes.Tree(TinyScenes.Write(dir), dir.Path, "fitted", 60, "MOBYNET.MAX_MINUTES=5", "MOBYNET.FIT_TO_BUDGET=true",
                                   "MOBYNET.SEG.EVAL_EVERY=1000");
        var clock = new StepClock(TimeSpan.FromSeconds(10));
        var seen = new StepClock.Seen(clock);
        var result = SegmentationRun.Train(tree, weights: null, fromScratch: true, seen, time: clock);
        // Decided at step 8 (80 s): 8 + floor((300 - 80) x 0.97 / 10) = 29 iterations, into a 15th epoch.
        Assert.Equal(RunOutcome.Finished, result.Outcome);
        Assert.Equal(29, seen.Iterations.Count);
        Assert.Equal((15, 29L), (Assert.Single(seen.Rescheduled).Epochs, seen.Rescheduled[0].TotalSteps));
        double peak = seen.Iterations.Max(m => m.Lr);
        Assert.True(seen.Iterations[^1].Lr < 0.05 * peak, $"the last step's lr {seen.Iterations[^1].Lr:E2} of a peak {peak:E2}: the poly schedule ended");
        Assert.NotNull(result.Scores); // validated at the fitted end, as at the configured one
        using var saved = CheckpointFile.Read(Path.Combine(result.Directory, "checkpoint.pth"));
        var mobynet = (IReadOnlyDictionary<string, object?>)saved.Extra["mobynet"]!;
        Assert.Equal((29L, 29L), (Convert.ToInt64(mobynet["fitted_steps"]), Convert.ToInt64(mobynet["step"])));
    }
}
