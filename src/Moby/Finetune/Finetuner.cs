using Moby.Data;
using Moby.Distributed;
using Moby.Interop;
using Moby.Optim;
using static TorchSharp.torch;
using Moby.Training;

namespace Moby.Finetune;

/// <summary>
/// The fine-tuning loop: per-iteration LR (warmup + cosine) scaled per layer (<see cref="LayerDecay"/>), optimizer
/// steps over the labelled batches, metrics to the observers (the train top-1 of each epoch as a monitor record), and
/// checkpoints that resume exactly (every SAVE_FREQ epochs, at the end, on a stop request and when the time budget runs
/// out: each step's random draws follow from <see cref="StepSeed"/> and the step). One dispose scope per iteration.
/// With several processes (<see cref="DataParallel"/>) each trains on its shard and rank 0 alone writes checkpoints.
/// </summary>
internal sealed class Finetuner : IDisposable
{
    public const string TrainTop1 = "train_top1";

    private readonly Classifier model;
    private readonly FinetuneSettings settings;
    private readonly ITwoViewSource source;
    private readonly IPretrainObserver observer;
    private readonly AdamW optimizer;
    private readonly FinetuneStep step;
    /// <summary>Null: a run that writes no files.</summary>
    private readonly FinetuneCheckpoint? checkpoints;
    private readonly int stepsPerEpoch;
    private readonly ICommunicator world;
    private string? lastCheckpoint;
    private readonly RunLength length;
    private readonly RunTracker tracker;
    private readonly CosineSchedule configuredLr;

    /// <summary>The learning rate per step, over the run's length.</summary>
    public CosineSchedule LrSchedule => configuredLr.Over(length.TotalSteps);
    public RunPosition Position { get; private set; }

    /// <param name="time">The clock of the time budget (null: the system's).</param>
    public Finetuner(Classifier model, FinetuneSettings settings, ITwoViewSource source, FinetuneCheckpoint? checkpoints,
                     IPretrainObserver observer, DataParallel? parallel = null, TimeProvider? time = null)
    {
        (this.model, this.settings, this.source, this.checkpoints, this.observer) = (model, settings, source, checkpoints, observer);
        world = parallel?.World ?? SingleProcess.Instance;
        var training = settings.Training;
        stepsPerEpoch = source.BatchesPerEpoch / training.Accumulation;
        if (stepsPerEpoch == 0)
            throw new ArgumentException($"The labelled images give {source.BatchesPerEpoch} batches of {training.BatchSize} per epoch, fewer than the " +
                                        $"{training.Accumulation} micro-batches of one optimizer step; lower DATA.BATCH_SIZE or TRAIN.ACCUMULATION_STEPS.");
        configuredLr = training.Schedule(stepsPerEpoch, world.Size);
        length = new RunLength(stepsPerEpoch, training);
        tracker = new RunTracker(length, world, observer, training.MaxMinutes, Info, time);
        var groups = LayerDecay.Groups(model.TrainableParameters(), model.Backbone.Architecture, training.WeightDecay, settings.LayerDecay);
        optimizer = new AdamW(groups, LrSchedule.ForIteration(0), training.Betas[0], training.Betas[1], training.Eps);
        step = new FinetuneStep(model, optimizer, settings, world.Rank, parallel is null ? null : parallel.AverageGradients);
    }

    /// <summary>The optimizer's groups, for tests of the layer-wise rates.</summary>
    public IReadOnlyList<ParameterGroup> Groups => optimizer.Groups;

    /// <summary>The matmul precision of the checkpoint this run resumed from, when it recorded one.</summary>
    public ScalarType? ResumedPrecision { get; private set; }

    public void Resume(string path)
    {
        (Position, ResumedPrecision, long? fitted) = FinetuneCheckpoint.Load(path, model, optimizer, length.Limits(wholeEpochs: true));
        lastCheckpoint = path;
        tracker.Resumed(path, Position, fitted);
    }

    public RunOutcome Run(CancellationToken stop = default)
    {
        model.train();
        return tracker.Run(Position.Step, () => length.Left(Position), () => RunEpoch(stop), () => Save(epochEnd: false));
    }

    private RunInfo Info() => new(length.Epochs, stepsPerEpoch, length.TotalSteps, settings.Training.BatchSize * world.Size * settings.Training.Accumulation,
                                  model.TrainableParameters().Sum(p => p.Parameter.numel()), Position, checkpoints?.Directory ?? "");

    private RunOutcome RunEpoch(CancellationToken stop)
    {
        var training = settings.Training;
        int epoch = Position.Epoch;
        var tally = new EpochTally();
        long correct = 0, seen = 0;
        using var batches = source.Epoch(epoch, Position.Batch * training.Accumulation).GetEnumerator();
        for (int j = Position.Batch; j < stepsPerEpoch && length.Left(Position); j++)
        {
            var (metrics, result) = TrainStep(batches, epoch, j, tally);
            (correct, seen) = (correct + result.Correct, seen + result.Images);
            Position = new RunPosition(epoch, j + 1, Position.Step + 1);
            var outcome = tracker.AfterStep(metrics, Position.Step, stop);
            if (outcome == RunOutcome.Finished) break;
            if (outcome is { } stopped) return stopped;
        }
        Position = new RunPosition(epoch + 1, 0, Position.Step);
        // The train accuracy is that of this rank's images, augmented (and mixed), since the epoch's start or the resume.
        observer.Monitored(new MonitorMetrics(epoch, Position.Step, TrainTop1, (double)correct / Math.Max(seen, 1)));
        tracker.EpochEnded(tally.Metrics(epoch, Position.Step));
        if (EpochCadence.Due(epoch, training.SaveFreq, length.Epochs)) Save(epochEnd: true);
        return RunOutcome.Finished;
    }

    private (IterationMetrics, FinetuneStepResult) TrainStep(IEnumerator<TwoViewBatch> batches, int epoch, int j, EpochTally tally)
    {
        using var scope = NewDisposeScope();
        var training = settings.Training;
        using var micro = MicroBatches.Take(batches, training.Accumulation, epoch);
        manual_seed(StepSeed.For(training.Seed, world.Rank, Position.Step));
        double lr = LrSchedule.ForIteration(Position.Step);
        var result = step.Run(micro.Batches, lr, Position.Step);
        if (!double.IsFinite(result.Loss))
            throw new TrainingDivergedException(DivergenceAdvice.Message(result.Loss, Position, lastCheckpoint, training, null, LrSchedule.BaseLr));
        double images = result.Images * world.Size;
        tally.Add(result.Loss, result.GradNorm, images);
        var metrics = new IterationMetrics(new RunPosition(epoch, j, Position.Step), result.Loss, lr, null, result.GradNorm, null, images / tally.Lap());
        return (metrics, result);
    }

    private void Save(bool epochEnd)
    {
        if (world.Rank != 0 || checkpoints is null) return;
        lastCheckpoint = checkpoints.Save(model, optimizer, Position, epochEnd, length.Fitted);
        observer.CheckpointSaved(lastCheckpoint);
    }

    public void Dispose() => optimizer.Dispose();
}
