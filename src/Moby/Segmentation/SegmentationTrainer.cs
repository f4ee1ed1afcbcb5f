using System.Diagnostics;
using Moby.Data.Segmentation;
using Moby.Distributed;
using Moby.Optim;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// The segmentation training loop, iteration-based as mmseg's: <see cref="SegmentationSettings.Iterations"/> AdamW
/// steps over epochs of shuffled augmented crops, the poly schedule per iteration, the heads' cross-entropy; validation
/// (<c>evaluate</c> returns the mIoU, reported as a monitor metric) and a checkpoint every <see cref="SegmentationSettings.EvalEvery"/> epochs
/// and at the end, a checkpoint too on a stop request or when the time budget runs out. Each step's dropout and
/// drop-path draws are seeded by (seed, rank, step) (<see cref="StepSeed"/>), the data by (seed, epoch, index): a resumed run
/// continues exactly as an uninterrupted one. One dispose scope per iteration. With several processes
/// (<see cref="DataParallel"/>: rank 0's weights to all, the heads' BatchNorm synchronised, gradients averaged) each
/// trains on its share of the global batch, all decide together when to stop, and rank 0 alone validates and writes checkpoints.
/// </summary>
internal sealed class SegmentationTrainer : IDisposable
{
    private readonly SegmentationModel model;
    private readonly SegmentationSettings settings;
    private readonly SegmentationLoader loader;
    private readonly SegmentationCheckpoint? checkpoints;
    private readonly Func<SegmentationModel, double>? evaluate;
    private readonly IReadOnlyList<string> classes;
    private readonly IPretrainObserver observer;
    private readonly AdamW optimizer;
    private readonly SegmentationLoss loss;
    private readonly List<TorchSharp.Modules.Parameter> trainable;
    private readonly int stepsPerEpoch;
    private readonly ICommunicator world;
    private readonly Action? averageGradients;

    /// <param name="checkpoints">Null: no checkpoints (ranks other than 0).</param>
    /// <param name="evaluate">Null: no validation (no validation split, or ranks other than 0).</param>
    public SegmentationTrainer(SegmentationModel model, SegmentationSettings settings, SegmentationLoader loader, IReadOnlyList<string> classes,
                               SegmentationCheckpoint? checkpoints, Func<SegmentationModel, double>? evaluate, IPretrainObserver observer,
                               DataParallel? parallel = null)
    {
        (this.model, this.settings, this.loader, this.classes, this.checkpoints, this.evaluate, this.observer) =
            (model, settings, loader, classes, checkpoints, evaluate, observer);
        (world, averageGradients) = (parallel?.World ?? SingleProcess.Instance, parallel is null ? null : parallel.AverageGradients);
        stepsPerEpoch = loader.BatchesPerEpoch;
        if (stepsPerEpoch == 0)
            throw new ArgumentException($"The training split makes no full batch of {settings.BatchSize} per process for {world.Size} process(es); lower MOBYNET.SEG.BATCH_SIZE.");
        Schedule = new PolySchedule(settings.Lr, settings.MinLr, settings.Power, settings.WarmupIterations, settings.WarmupRatio, settings.Iterations);
        var named = model.named_parameters().Where(p => p.parameter.requires_grad).ToList();
        trainable = named.Select(p => p.parameter).ToList();
        optimizer = new AdamW(SegmentationParameterGroups.Split(named, model.Config.Backbone, settings.WeightDecay, settings.LayerDecay), Schedule.At(0),
                              settings.Betas[0], settings.Betas[1], settings.Eps);
        loss = new SegmentationLoss(settings.AuxiliaryWeight, settings.ClassWeights);
    }

    public PolySchedule Schedule { get; }
    public RunPosition Position { get; private set; }

    /// <summary>The optimizer's groups, for tests of the layer-wise rates.</summary>
    public IReadOnlyList<ParameterGroup> Groups => optimizer.Groups;

    /// <summary>The matmul precision of the checkpoint this run resumed from, when it recorded one.</summary>
    public ScalarType? ResumedPrecision { get; private set; }

    public void Resume(string path)
    {
        (Position, ResumedPrecision) = SegmentationCheckpoint.Load(path, model, optimizer, stepsPerEpoch);
        observer.Message($"Resumed from {path} at iteration {Position.Step}.");
    }

    public RunOutcome Run(CancellationToken stop = default)
    {
        SameStart.Require(world, Position.Step);
        var clock = Stopwatch.StartNew();
        int epochs = (settings.Iterations + stepsPerEpoch - 1) / stepsPerEpoch;
        long parameters = trainable.Sum(p => p.numel());
        observer.Started(new RunInfo(epochs, stepsPerEpoch, settings.Iterations, settings.BatchSize * world.Size, parameters, Position, checkpoints?.Directory ?? ""));
        model.train();
        return EpochLoop.Run(() => Position.Step < settings.Iterations, () => RunEpoch(clock, stop), Save);
    }

    private RunOutcome RunEpoch(Stopwatch clock, CancellationToken stop)
    {
        int epoch = Position.Epoch;
        var epochClock = Stopwatch.StartNew();
        var lap = Stopwatch.StartNew();
        double lossSum = 0, normSum = 0;
        int steps = 0;
        foreach (var batch in loader.Epoch(epoch, Position.Batch))
        {
            IterationMetrics metrics;
            using (batch) metrics = Step(batch, lap);
            (lossSum, normSum, steps) = (lossSum + metrics.Loss, normSum + metrics.GradNorm, steps + 1);
            bool epochDone = Position.Batch + 1 == stepsPerEpoch;
            Position = epochDone ? new RunPosition(epoch + 1, 0, Position.Step + 1) : Position with { Batch = Position.Batch + 1, Step = Position.Step + 1 };
            observer.Iteration(metrics);
            if (Position.Step == settings.Iterations) break;
            if (StopCheck.After(world, stop, clock, settings.MaxMinutes) is { } ended) return ended;
        }
        observer.EpochEnded(new EpochMetrics(epoch, Position.Step, lossSum / Math.Max(steps, 1), normSum / Math.Max(steps, 1),
                                             steps * (double)settings.BatchSize * world.Size / epochClock.Elapsed.TotalSeconds, epochClock.Elapsed));
        if ((epoch + 1) % settings.EvalEvery == 0 || Position.Step == settings.Iterations) Evaluate(epoch);
        // A stop asked for during the validation: the checkpoint above holds this position, so end here.
        if (Position.Step < settings.Iterations && world.AnyRank(stop.IsCancellationRequested)) return RunOutcome.Interrupted;
        return RunOutcome.Finished;
    }

    private IterationMetrics Step(SegmentationBatch batch, Stopwatch lap)
    {
        using var scope = NewDisposeScope();
        manual_seed(StepSeed.For(settings.Seed, world.Rank, Position.Step));
        double lr = Schedule.At(Position.Step);
        optimizer.LearningRate = lr;
        optimizer.ZeroGrad();
        using var output = model.Forward(batch.Images, withAuxiliary: true);
        var value = loss.Compute(output, batch.Labels);
        value.backward();
        averageGradients?.Invoke();
        double gradNorm = stack(trainable.Where(p => p.grad is not null).Select(p => p.grad!.norm()).ToArray()).norm().item<float>();
        optimizer.Step();
        double lossValue = value.item<float>();
        if (!double.IsFinite(lossValue))
            throw new TrainingDivergedException($"The segmentation loss is {lossValue} at iteration {Position.Step}; lower MOBYNET.SEG.BASE_LR or check the labels.");
        double seconds = lap.Elapsed.TotalSeconds;
        lap.Restart();
        return new IterationMetrics(Position, lossValue, lr, null, gradNorm, null, settings.BatchSize * world.Size / Math.Max(seconds, 1e-9));
    }

    private void Evaluate(int epoch)
    {
        if (evaluate is not null) observer.Monitored(new MonitorMetrics(epoch, Position.Step, "mIoU", evaluate(model)));
        Save();
    }

    private void Save()
    {
        if (checkpoints is null) return;
        checkpoints.Save(model, optimizer, Position, classes);
        observer.CheckpointSaved(checkpoints.LatestPath);
    }

    public void Dispose() => optimizer.Dispose();
}
