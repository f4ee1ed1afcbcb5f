using Moby.Data;
using Moby.Distributed;
using Moby.Interop;
using Moby.Optim;
using static TorchSharp.torch;
using Moby.Ssl;

namespace Moby.Training;

/// <summary>
/// The MoBY pre-training loop: per-iteration LR (warmup + cosine) and momentum schedules, optimizer steps over
/// the two-view source, metrics to the observers, and checkpoints that resume exactly (every SAVE_FREQ epochs,
/// at the end, on a stop request and when the time budget runs out): each step's random draws are seeded by
/// <see cref="StepSeed"/>. One dispose scope per iteration.
/// With a world of several processes (a model with <see cref="DataParallel"/> attached) each trains on its shard and
/// rank 0 alone writes checkpoints; stop and time-budget decisions are taken by all ranks together.
/// </summary>
internal sealed class Pretrainer : IDisposable
{
    private readonly MoBY model;
    private readonly TrainingSettings settings;
    private readonly ITwoViewSource source;
    private readonly IPretrainObserver observer;
    private readonly AdamW optimizer;
    private readonly PretrainStep step;
    /// <summary>Null: a run that writes no files (the library's <c>Pretraining.RunAsync</c> without an output folder).</summary>
    private readonly PretrainCheckpoint? checkpoints;
    private readonly int stepsPerEpoch;
    private readonly ICommunicator world;
    private readonly int worldSize;
    /// <summary>The checkpoint this run last saved or resumed from (null: none yet), for the divergence message.</summary>
    private string? lastCheckpoint;
    private readonly RunLength length;
    private readonly RunTracker tracker;
    private readonly CosineSchedule configuredLr;

    /// <summary>The learning rate per step, over the run's length.</summary>
    public CosineSchedule LrSchedule => configuredLr.Over(length.TotalSteps);
    /// <summary>The target's momentum per step, over the run's length.</summary>
    public MomentumSchedule Momentum => new(model.Config.BaseMomentum, length.TotalSteps);
    public RunPosition Position { get; private set; }

    /// <summary>Optimizer steps of the schedule: the configured epochs', or fewer when fitted to the time budget.</summary>
    public long TotalSteps => length.TotalSteps;

    /// <summary>The matmul precision of the checkpoint this run resumed from, when it recorded one.</summary>
    public ScalarType? ResumedPrecision { get; private set; }

    /// <param name="time">The clock of the time budget (null: the system's).</param>
    public Pretrainer(MoBY model, TrainingSettings settings, ITwoViewSource source, PretrainCheckpoint? checkpoints,
                      IPretrainObserver observer, DataParallel? parallel = null, TimeProvider? time = null)
    {
        this.model = model;
        this.settings = settings;
        this.source = source;
        this.checkpoints = checkpoints;
        this.observer = observer;
        world = parallel?.World ?? SingleProcess.Instance;
        worldSize = this.world.Size;
        stepsPerEpoch = source.BatchesPerEpoch / settings.Accumulation;
        if (stepsPerEpoch == 0)
            throw new ArgumentException($"The data set gives {source.BatchesPerEpoch} batches of {settings.BatchSize} per epoch, fewer than the " +
                                        $"{settings.Accumulation} micro-batches of one optimizer step; lower DATA.BATCH_SIZE or TRAIN.ACCUMULATION_STEPS.");
        configuredLr = settings.Schedule(stepsPerEpoch, worldSize);
        length = new RunLength(stepsPerEpoch, settings);
        tracker = new RunTracker(length, world, observer, settings.MaxMinutes, Info, time);
        var groups = ParameterGroups.Official(model.TrainableParameters(), settings.WeightDecay, settings.ExcludeEmbeddingsFromWeightDecay);
        optimizer = new AdamW(groups, LrSchedule.ForIteration(0), settings.Betas[0], settings.Betas[1], settings.Eps);
        step = new PretrainStep(model, optimizer, settings.ClipGrad, parallel == null ? null : parallel.AverageGradients);
    }

    /// <summary>Resumes from a checkpoint file (model, optimizer, position).</summary>
    public void Resume(string path)
    {
        (Position, ResumedPrecision, long? fitted) = (checkpoints ?? throw new InvalidOperationException("A run without checkpoints cannot resume."))
            .Load(path, model, optimizer, length.Limits(wholeEpochs: true));
        lastCheckpoint = path;
        tracker.Resumed(path, Position, fitted);
    }

    public RunOutcome Run(CancellationToken stop = default)
    {
        model.train();
        return tracker.Run(Position.Step, () => length.Left(Position), () => RunEpoch(stop), () => Save(epochEnd: false));
    }

    private RunInfo Info() => new(length.Epochs, stepsPerEpoch, TotalSteps, settings.BatchSize * worldSize * settings.Accumulation,
                                  model.TrainableParameters().Sum(p => p.Parameter.numel()), Position, checkpoints?.Directory ?? "");

    private RunOutcome RunEpoch(CancellationToken stop)
    {
        int epoch = Position.Epoch;
        var tally = new EpochTally();
        using var batches = source.Epoch(epoch, Position.Batch * settings.Accumulation).GetEnumerator();
        for (int j = Position.Batch; j < stepsPerEpoch && length.Left(Position); j++)
        {
            var metrics = TrainStep(batches, epoch, j, tally);
            Position = new RunPosition(epoch, j + 1, Position.Step + 1);
            var outcome = tracker.AfterStep(metrics, Position.Step, stop);
            if (outcome == RunOutcome.Finished) break;
            if (outcome is { } stopped) return stopped;
        }
        Position = new RunPosition(epoch + 1, 0, Position.Step);
        tracker.EpochEnded(tally.Metrics(epoch, Position.Step));
        if (EpochCadence.Due(epoch, settings.SaveFreq, length.Epochs)) Save(epochEnd: true);
        return RunOutcome.Finished;
    }

    private IterationMetrics TrainStep(IEnumerator<TwoViewBatch> batches, int epoch, int j, EpochTally tally)
    {
        using var scope = NewDisposeScope();
        using var micro = MicroBatches.Take(batches, settings.Accumulation, epoch);
        manual_seed(StepSeed.For(settings.Seed, world.Rank, Position.Step));
        double lr = LrSchedule.ForIteration(Position.Step), momentum = Momentum.At(Position.Step);
        var result = step.Run(micro.Batches, lr, momentum);
        if (!double.IsFinite(result.Loss))
            throw new TrainingDivergedException(DivergenceAdvice.Message(result.Loss, Position, lastCheckpoint, settings, model.Config, LrSchedule.BaseLr));
        double images = settings.BatchSize * settings.Accumulation * worldSize;
        tally.Add(result.Loss, result.GradNorm, images);
        return new IterationMetrics(new RunPosition(epoch, j, Position.Step), result.Loss, lr, momentum, result.GradNorm, result.CollapseStd, images / tally.Lap());
    }

    private void Save(bool epochEnd)
    {
        if (world.Rank != 0 || checkpoints is null) return;
        string path = checkpoints.Save(model, optimizer, Position, epochEnd, length.Fitted);
        lastCheckpoint = path;
        observer.CheckpointSaved(path);
    }

    public void Dispose() => optimizer.Dispose();
}
