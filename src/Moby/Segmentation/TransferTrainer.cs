using Moby.Distributed;
using Moby.Interop;
using Moby.Nn;
using Moby.Optim;
using Moby.Training;
using static TorchSharp.torch;
using TorchSharp;

namespace Moby.Segmentation;

/// <summary>
/// The training loop of the transfer tasks on a padded Swin (segmentation, detection): AdamW steps over epochs of
/// shuffled batches until <see cref="TransferLoop.TotalSteps"/>, the rate of each iteration from <see cref="LearningRate"/>,
/// the task's <see cref="Loss"/>; validation (<c>evaluate</c>, reported as a monitor metric) and a checkpoint every
/// <see cref="TransferLoop.EvalEvery"/> epochs and at the end, a checkpoint too on a stop request or when the time budget
/// runs out. Each step's dropout and drop-path draws are seeded by (seed, rank, step) (<see cref="StepSeed"/>), the data
/// by (seed, epoch, index): a resumed run continues exactly as an uninterrupted one. One dispose scope per iteration.
/// With several processes (<see cref="DataParallel"/>: rank 0's weights to all, gradients averaged) each trains on its
/// share of the global batch, all decide together when to stop, and rank 0 alone validates and writes checkpoints.
/// </summary>
internal abstract class TransferTrainer<TModel, TBatch> : IDisposable where TModel : nn.Module where TBatch : IDisposable
{
    private readonly TransferLoop loop;
    private readonly PyramidCheckpoint? checkpoints;
    private readonly Func<TModel, double>? evaluate;
    private readonly AdamW optimizer;
    private readonly List<TorchSharp.Modules.Parameter> trainable;
    private readonly Action? averageGradients;
    private readonly RunTracker tracker;

    /// <param name="groups">AdamW's parameter groups: the trainable parameters with their decay and rate multipliers.</param>
    /// <param name="checkpoints">Null: no checkpoints (ranks other than 0).</param>
    /// <param name="evaluate">Null: no validation (no validation split, or ranks other than 0).</param>
    /// <param name="time">The clock of the time budget (null: the system's).</param>
    protected TransferTrainer(TModel model, TransferLoop loop, IReadOnlyList<ParameterGroup> groups, double[] betas, double eps,
                              PyramidCheckpoint? checkpoints, Func<TModel, double>? evaluate, IPretrainObserver observer, DataParallel? parallel,
                              TimeProvider? time)
    {
        Length = new RunLength(loop.StepsPerEpoch, loop.TotalSteps, loop.MaxMinutes, loop.FitToBudget);
        (Model, this.loop, this.checkpoints, this.evaluate, Observer) = (model, loop, checkpoints, evaluate, observer);
        (World, averageGradients) = (parallel?.World ?? SingleProcess.Instance, parallel is null ? null : parallel.AverageGradients);
        tracker = new RunTracker(Length, World, observer, loop.MaxMinutes, Info, time);
        if (loop.StepsPerEpoch == 0)
            throw new ArgumentException($"The training split makes no full batch of {loop.BatchSize} per process for {World.Size} process(es); lower {loop.Keys}.BATCH_SIZE.");
        trainable = groups.SelectMany(g => g.Parameters).Select(p => p.Parameter).ToList();
        optimizer = new AdamW(groups, beta1: betas[0], beta2: betas[1], eps: eps);
    }

    protected TModel Model { get; }
    protected IPretrainObserver Observer { get; }
    protected ICommunicator World { get; }

    public RunPosition Position { get; private set; }

    /// <summary>The run's length: the configured steps, or fewer once fitted to the time budget; the schedules follow it.</summary>
    protected RunLength Length { get; }

    /// <summary>The optimizer's groups, for tests of the decay and the rates.</summary>
    public IReadOnlyList<ParameterGroup> Groups => optimizer.Groups;

    /// <summary>The matmul precision of the checkpoint this run resumed from, when it recorded one.</summary>
    public ScalarType? ResumedPrecision { get; private set; }

    /// <summary>The learning rate of 0-based iteration <paramref name="step"/>.</summary>
    public abstract double LearningRate(long step);

    /// <summary>The batches of <paramref name="epoch"/> from <paramref name="startBatch"/> on (each disposed after its step).</summary>
    protected abstract IEnumerable<TBatch> Batches(int epoch, int startBatch);

    /// <summary>The loss of a batch to minimise (in the step's dispose scope, with the model in training mode) and its
    /// terms to report (null: one term); a non-finite value may be refused here with a message naming the term.</summary>
    protected abstract (Tensor Loss, IReadOnlyDictionary<string, double>? Terms) Loss(TBatch batch);

    public void Resume(string path)
    {
        (Position, ResumedPrecision, long? fitted) = PyramidCheckpoint.Load(path, Model, optimizer, Length.Limits(wholeEpochs: false));
        tracker.Resumed(path, Position, fitted);
    }

    public RunOutcome Run(CancellationToken stop = default)
    {
        Model.train();
        return tracker.Run(Position.Step, () => Position.Step < Length.TotalSteps, () => RunEpoch(stop), Save);
    }

    private RunInfo Info() => new(Length.Epochs, loop.StepsPerEpoch, Length.TotalSteps, loop.BatchSize * World.Size, trainable.Sum(p => p.numel()),
                                  Position, checkpoints?.Directory ?? "");

    private RunOutcome RunEpoch(CancellationToken stop)
    {
        int epoch = Position.Epoch;
        var tally = new EpochTally();
        foreach (var batch in Batches(epoch, Position.Batch))
        {
            IterationMetrics metrics;
            using (batch) metrics = Step(batch, tally);
            bool epochDone = Position.Batch + 1 == loop.StepsPerEpoch;
            Position = epochDone ? new RunPosition(epoch + 1, 0, Position.Step + 1) : Position with { Batch = Position.Batch + 1, Step = Position.Step + 1 };
            var outcome = tracker.AfterStep(metrics, Position.Step, stop);
            if (outcome == RunOutcome.Finished) break;
            if (outcome is { } stopped) return stopped;
        }
        tracker.EpochEnded(tally.Metrics(epoch, Position.Step));
        if ((epoch + 1) % loop.EvalEvery == 0 || Position.Step >= Length.TotalSteps) Evaluate(epoch);
        // A stop asked for during the validation: the checkpoint above holds this position, so end here.
        if (Position.Step < Length.TotalSteps && World.AnyRank(stop.IsCancellationRequested)) return RunOutcome.Interrupted;
        return RunOutcome.Finished;
    }

    private IterationMetrics Step(TBatch batch, EpochTally tally)
    {
        using var scope = NewDisposeScope();
        manual_seed(StepSeed.For(loop.Seed, World.Rank, Position.Step));
        double lr = LearningRate(Position.Step);
        optimizer.LearningRate = lr;
        optimizer.ZeroGrad();
        var (value, terms) = Loss(batch);
        value.backward();
        averageGradients?.Invoke();
        double gradNorm = stack(trainable.Where(p => p.grad is not null).Select(p => p.grad!.norm()).ToArray()).norm().item<float>();
        optimizer.Step();
        NativeHeap.CollectStepGarbage();
        double lossValue = value.item<float>();
        if (!double.IsFinite(lossValue))
            throw new TrainingDivergedException($"The loss is {lossValue} at iteration {Position.Step}; lower {loop.Keys}.BASE_LR or check the labels.");
        double images = loop.BatchSize * World.Size;
        tally.Add(lossValue, gradNorm, images);
        return new IterationMetrics(Position, lossValue, lr, null, gradNorm, null, images / tally.Lap(), terms);
    }

    private void Evaluate(int epoch)
    {
        // Saved first: a validation that fails (a bad image, a native error) must not lose the epoch it follows.
        Save();
        if (evaluate is not null) Observer.Monitored(new MonitorMetrics(epoch, Position.Step, loop.Monitor, evaluate(Model)));
    }

    private void Save()
    {
        if (checkpoints is null) return;
        checkpoints.Save(Model, optimizer, Position, Length.Fitted);
        Observer.CheckpointSaved(checkpoints.LatestPath);
    }

    public void Dispose() => optimizer.Dispose();
}
