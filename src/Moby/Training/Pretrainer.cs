using System.Diagnostics;
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
    private readonly TimeProvider time;
    private readonly RunLength length;
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
        this.time = time ?? TimeProvider.System;
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
        observer.Message($"Resumed from {ShownNames.Path(path)} at epoch {Position.Epoch}, step {Position.Step}.");
        length.Resumed(fitted, observer.Message);
    }

    public RunOutcome Run(CancellationToken stop = default)
    {
        SameStart.Require(world, Position.Step);
        long started = time.GetTimestamp();
        observer.Started(Info());
        model.train();
        return EpochLoop.Run(() => length.Left(Position), () => RunEpoch(started, stop), () => Save(epochEnd: false));
    }

    private RunInfo Info() => new(length.Epochs, stepsPerEpoch, TotalSteps, settings.BatchSize * worldSize * settings.Accumulation,
                                  model.TrainableParameters().Sum(p => p.Parameter.numel()), Position, checkpoints?.Directory ?? "");

    private RunOutcome RunEpoch(long started, CancellationToken stop)
    {
        int epoch = Position.Epoch;
        var epochClock = Stopwatch.StartNew();
        double lossSum = 0, normSum = 0;
        int steps = 0;
        var lap = Stopwatch.StartNew();
        using var batches = source.Epoch(epoch, Position.Batch * settings.Accumulation).GetEnumerator();
        for (int j = Position.Batch; j < stepsPerEpoch && length.Left(Position); j++)
        {
            var metrics = TrainStep(batches, epoch, j, lap);
            lossSum += metrics.Loss;
            normSum += metrics.GradNorm;
            steps++;
            Position = new RunPosition(epoch, j + 1, Position.Step + 1);
            observer.Iteration(metrics);
            var elapsed = time.GetElapsedTime(started);
            if (length.AfterStep(elapsed, Position.Step, world, observer.Message)) observer.Rescheduled(Info());
            if (!length.Left(Position)) break; // the (fitted) end is the end, even when the budget runs out on this step
            if (StopCheck.After(world, stop, elapsed, settings.MaxMinutes) is { } ended) return ended;
        }
        Position = new RunPosition(epoch + 1, 0, Position.Step);
        observer.EpochEnded(new EpochMetrics(epoch, Position.Step, lossSum / Math.Max(steps, 1), normSum / Math.Max(steps, 1),
                                             steps * (double)settings.BatchSize * settings.Accumulation * worldSize / epochClock.Elapsed.TotalSeconds, epochClock.Elapsed));
        length.EpochEnded();
        if (EpochCadence.Due(epoch, settings.SaveFreq, length.Epochs)) Save(epochEnd: true);
        return RunOutcome.Finished;
    }

    private IterationMetrics TrainStep(IEnumerator<TwoViewBatch> batches, int epoch, int j, Stopwatch lap)
    {
        using var scope = NewDisposeScope();
        var micro = new List<TwoViewBatch>(settings.Accumulation);
        try
        {
            for (int i = 0; i < settings.Accumulation; i++)
            {
                if (!batches.MoveNext()) throw new InvalidOperationException($"The data source ended early in epoch {epoch}.");
                micro.Add(batches.Current);
            }
            manual_seed(StepSeed.For(settings.Seed, world.Rank, Position.Step));
            double lr = LrSchedule.ForIteration(Position.Step), momentum = Momentum.At(Position.Step);
            var result = step.Run(micro, lr, momentum);
            if (!double.IsFinite(result.Loss))
                throw new TrainingDivergedException(DivergenceAdvice.Message(result.Loss, Position, lastCheckpoint, settings, model.Config, LrSchedule.BaseLr));
            double seconds = lap.Elapsed.TotalSeconds;
            lap.Restart();
            double imagesPerSecond = settings.BatchSize * settings.Accumulation * worldSize / Math.Max(seconds, 1e-9);
            return new IterationMetrics(new RunPosition(epoch, j, Position.Step), result.Loss, lr, momentum, result.GradNorm, result.CollapseStd, imagesPerSecond);
        }
        finally
        {
            foreach (var views in micro) views.Dispose();
        }
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
