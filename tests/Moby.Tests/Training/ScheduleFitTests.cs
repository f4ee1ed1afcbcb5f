using Moby.Config;
using Moby.Interop;
using Moby.Optim;
using Moby.Runs;
using Moby.Ssl;
using Moby.Training;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Training;

/// <summary>
/// MOBYNET.FIT_TO_BUDGET: the schedule is shortened once, from the measured time per step, so that it ends within
/// MAX_MINUTES; the fitted length drives the learning rate, the momentum and the end of the run, is written into the
/// checkpoint and kept by a resumed run. Time is a fake clock that a step advances, so nothing here depends on speed.
/// </summary>
public class ScheduleFitTests
{
    [Fact]
    public void StepsFillTheTimeLeftLessTheMarginAndNeverLengthenTheSchedule()
    {
        // 540 s left at 10 s per step: floor(540 x 0.97 / 10) = 52 more steps after step 8.
        Assert.Equal(60, ScheduleFit.Steps(540, 10, 8, 100));
        Assert.Equal(50, ScheduleFit.Steps(540, 10, 8, 50));
        Assert.Equal(8, ScheduleFit.Steps(-5, 10, 8, 100)); // the budget is spent: the schedule ends here
    }

    [Fact]
    public void TheDecisionWaitsForMeasuredStepsThenForATenthOfTheBudgetOrAnEpochEnd()
    {
        var fit = new ScheduleFit(budgetMinutes: 10, configuredSteps: 1000);
        var dues = Enumerable.Range(1, 12).Select(i => fit.Due(TimeSpan.FromSeconds(5 * i))).ToList();
        // Steps 1-7 are too few to measure; from step 8 on it waits for 60 s (a tenth of 10 minutes), reached at step 12.
        Assert.Equal(Enumerable.Range(1, 12).Select(i => i == 12), dues);
        Assert.Equal(5, fit.SecondsPerStep(TimeSpan.FromSeconds(60)), 9); // (60 - 25) s over the 7 steps after the fifth

        var early = new ScheduleFit(budgetMinutes: 10, configuredSteps: 1000);
        for (int i = 1; i <= 7; i++) Assert.False(early.Due(TimeSpan.FromSeconds(i)));
        early.EpochEnded();
        Assert.True(early.Due(TimeSpan.FromSeconds(8)));
    }

    [Fact]
    public void TheCosineScheduleOverFewerStepsKeepsItsShape()
    {
        var configured = new CosineSchedule(BaseLr: 1, WarmupLr: 0, MinLr: 0.01, WarmupSteps: 12, TotalSteps: 120);
        var fitted = configured.Over(58);
        Assert.Equal(6, fitted.WarmupSteps); // 12 x 58 / 120 = 5.8
        Assert.Equal(58, fitted.TotalSteps);
        Assert.Equal(configured.At(60), fitted.At(29), 12); // half way is half way
        Assert.Equal(0.01, fitted.At(58));
    }

    [Fact]
    public void AFittedRunEndsOnItsFittedStepAndItsResumeKeepsTheLength()
    {
        string output = MicroRun.TempDir();
        // 24 images in batches of 4: 6 steps an epoch, 20 epochs = 120 steps; a 10-minute budget at 10 s a step.
        var tree = MicroRun.Tree(output, "TRAIN.EPOCHS=20", "MOBYNET.MAX_MINUTES=10", "MOBYNET.FIT_TO_BUDGET=true");
        var clock = new StepClock(TimeSpan.FromSeconds(10));
        var (outcome, trainer, seen) = Train(tree, output, clock);
        // The first epoch ends at step 6; the decision comes at step 8 (5 warm-up + 3 measured steps), at 80 s:
        // 8 + floor((600 - 80) x 0.97 / 10) = 58 steps, i.e. 9 full epochs and 4 steps of a tenth.
        Assert.Equal(RunOutcome.Finished, outcome);
        Assert.Equal(58, trainer.TotalSteps);
        Assert.Equal(new RunPosition(10, 0, 58), trainer.Position);
        Assert.Equal(new CosineSchedule(trainer.LrSchedule.BaseLr, trainer.LrSchedule.WarmupLr, trainer.LrSchedule.MinLr, 3, 58), trainer.LrSchedule);
        Assert.Equal(58, trainer.Momentum.TotalSteps);
        Assert.Equal(58, seen.Iterations.Count);
        Assert.Equal(trainer.LrSchedule.ForIteration(57), seen.Iterations[^1].Lr, 12); // the last step trained on the fitted schedule
        Assert.Equal(trainer.Momentum.At(57), seen.Iterations[^1].Momentum!.Value, 12);
        var rescheduled = Assert.Single(seen.Rescheduled);
        Assert.Equal((10, 58L), (rescheduled.Epochs, rescheduled.TotalSteps));
        Assert.Contains(seen.Lines, line => line.Contains("fitted to the 10-minute budget: 58 steps (9.67 epochs) instead of 120"));
        trainer.Dispose();

        using (var saved = CheckpointFile.Read(MicroRun.Latest(output)))
            Assert.Equal(58L, Convert.ToInt64(((IReadOnlyDictionary<string, object?>)saved.Extra["mobynet"]!)["fitted_steps"]));

        var (again, resumed, more) = Train(tree, output, new StepClock(TimeSpan.FromSeconds(10)), resume: true);
        Assert.Equal(RunOutcome.Finished, again);
        Assert.Equal(58, resumed.TotalSteps);
        Assert.Empty(more.Iterations);
        resumed.Dispose();

        // Fitting on without a budget of its own (no --minutes): the length fitted once still holds.
        var (_, unbudgeted, kept) = Train(MicroRun.Tree(output, "TRAIN.EPOCHS=20", "MOBYNET.FIT_TO_BUDGET=true"), output, new StepClock(TimeSpan.Zero), resume: true);
        Assert.Equal(58, unbudgeted.TotalSteps);
        Assert.Contains(kept.Lines, line => line.Contains("keeps the length it was fitted to: 58 steps"));
        unbudgeted.Dispose();

        var (_, unfitted, told) = Train(MicroRun.Tree(output, "TRAIN.EPOCHS=20"), output, new StepClock(TimeSpan.Zero), resume: true);
        Assert.Equal(120, unfitted.TotalSteps); // fitting off: the configured schedule, and the user is told
        Assert.Contains(told.Lines, line => line.Contains("MOBYNET.FIT_TO_BUDGET is off"));
        Assert.Equal(60, told.Iterations.Count); // epochs 11 to 20 of the configured schedule
        unfitted.Dispose();
    }

    [Fact]
    public void ABudgetThatRunsOutOnTheFittedLastStepEndsTheRunAsFinished()
    {
        string output = MicroRun.TempDir();
        var tree = MicroRun.Tree(output, "TRAIN.EPOCHS=20", "MOBYNET.MAX_MINUTES=10", "MOBYNET.FIT_TO_BUDGET=true");
        // Fitted to 58 steps at 10 s a step (decided at 80 s); the steps after it take 10.5 s, so step 58 ends at 605 s,
        // past the 600 s budget, and step 57 at 594.5 s, before it.
        var clock = new StepClock(TimeSpan.FromSeconds(10));
        var seen = new SlowerAfterTheFit(clock, TimeSpan.FromSeconds(10.5));
        var settings = TrainingRecipe.From(tree);
        manual_seed(0);
        using var model = new MoBY(ModelConfigs.MoBY(tree), CPU);
        var checkpoints = new PretrainCheckpoint(MicroRun.RunDir(output), tree.AsDictionary(), keep: 2);
        using var trainer = new Pretrainer(model, settings, TrainingData.Open(tree, settings, device: CPU), checkpoints, seen, time: clock);
        Assert.Equal(RunOutcome.Finished, trainer.Run()); // not TimeBudgetReached: nothing is left to resume
        Assert.Equal(new RunPosition(10, 0, 58), trainer.Position);
        Assert.True(File.Exists(Path.Combine(MicroRun.RunDir(output), "ckpt_epoch_9.pth"))); // the partial last epoch ended as an epoch
    }

    /// <summary>Moves the clock on by <paramref name="later"/> a step once the schedule is fitted.</summary>
    private sealed class SlowerAfterTheFit(StepClock clock, TimeSpan later) : IPretrainObserver
    {
        public void Iteration(IterationMetrics metrics) => clock.Step();
        public void Rescheduled(RunInfo info) => clock.PerStep = later;
    }

    [Fact]
    public void AScheduleThatFitsItsBudgetIsKept()
    {
        string output = MicroRun.TempDir();
        var tree = MicroRun.Tree(output, "TRAIN.EPOCHS=3", "MOBYNET.MAX_MINUTES=10", "MOBYNET.FIT_TO_BUDGET=true");
        var (outcome, trainer, seen) = Train(tree, output, new StepClock(TimeSpan.FromSeconds(10)));
        Assert.Equal(RunOutcome.Finished, outcome);
        Assert.Equal(18, trainer.TotalSteps);
        Assert.Empty(seen.Rescheduled);
        trainer.Dispose();
        using var saved = CheckpointFile.Read(MicroRun.Latest(output));
        Assert.False(((IReadOnlyDictionary<string, object?>)saved.Extra["mobynet"]!).ContainsKey("fitted_steps"));
    }

    private static (RunOutcome, Pretrainer, StepClock.Seen) Train(ConfigTree tree, string output, StepClock clock, bool resume = false)
    {
        var settings = TrainingRecipe.From(tree);
        manual_seed(0);
        var model = new MoBY(ModelConfigs.MoBY(tree), CPU);
        var checkpoints = new PretrainCheckpoint(MicroRun.RunDir(output), tree.AsDictionary(), keep: 2);
        var seen = new StepClock.Seen(clock);
        var trainer = new Pretrainer(model, settings, TrainingData.Open(tree, settings, device: CPU), checkpoints, seen, time: clock);
        if (resume) trainer.Resume(checkpoints.LatestPath);
        return (trainer.Run(), trainer, seen);
    }

}
