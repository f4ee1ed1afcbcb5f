using Moby.Interop;
using Moby.Runs;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Finetune;

/// <summary>Fine-tuning fits its schedule to the time budget as pre-training does (MOBYNET.FIT_TO_BUDGET), on a clock that only steps move.</summary>
public class FinetuneScheduleFitTests
{
    [Fact]
    public void AFittedFineTuningEndsAnnealedWithinItsBudgetAndMeasuresTheHeldOutImagesAtItsEnd()
    {
        string data = StripeImages.Write(), output = MicroRun.TempDir();
        // 66 labelled images in batches of 8: 8 steps an epoch, 8 epochs = 64 steps; a 5-minute budget at 10 s a step.
        var tree = StripeImages.Tree(data, output, "MOBYNET.MAX_MINUTES=5", "MOBYNET.FIT_TO_BUDGET=true");
        var clock = new StepClock(TimeSpan.FromSeconds(10));
        var seen = new StepClock.Seen(clock);
        var result = FinetuneRun.Execute(tree, new FinetuneRun.Start(null, StripeImages.Model), seen, time: clock);
        using var model = result.Model;
        // Decided at step 8 (80 s, past a tenth of the budget): 8 + floor((300 - 80) x 0.97 / 10) = 29 steps, 4 epochs.
        Assert.Equal(RunOutcome.Finished, result.Outcome);
        Assert.Equal(29, seen.Iterations.Count);
        Assert.Equal((4, 29L), (Assert.Single(seen.Rescheduled).Epochs, seen.Rescheduled[0].TotalSteps));
        double peak = seen.Iterations.Max(m => m.Lr);
        Assert.True(seen.Iterations[^1].Lr < 0.05 * peak, $"the last step's lr {seen.Iterations[^1].Lr:E2} of a peak {peak:E2}: the schedule ended annealed");
        Assert.Contains(seen.Lines, line => line.StartsWith("epoch 4: held-out top-1")); // the fitted last epoch is measured, as the last one is
        using var saved = CheckpointFile.Read(Path.Combine(output, "tiny", "all-scratch", PretrainCheckpoint.Latest));
        Assert.Equal(29L, Convert.ToInt64(((IReadOnlyDictionary<string, object?>)saved.Extra["mobynet"]!)["fitted_steps"]));
    }
}
