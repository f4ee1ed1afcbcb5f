using Moby.Data.Detection;
using Moby.Optim;
using Moby.Segmentation;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// The detection training loop (<see cref="TransferTrainer{TModel, TBatch}"/>), epoch-based as mmdet's EpochBasedRunner:
/// <see cref="DetectionSettings.Epochs"/> passes over the training images in full shuffled batches, AdamW with mmcv's
/// custom_keys of the Swin configs (<see cref="KeywordDecayGroups.Swin"/>: no decay for the position tables and norms),
/// no gradient clipping, the step schedule with linear warmup per iteration (<see cref="StepSchedule"/>), the sum of
/// Mask R-CNN's five losses; every term and the box head's accuracy reported with the total. The samplers of a step
/// draw from a generator seeded by (seed, rank, step) (<see cref="StepSeed.Samplers"/>), so a resumed run samples the
/// anchors and RoIs an uninterrupted one samples. Validation (<c>evaluate</c> returns the box AP, the monitor metric
/// "bbox AP") every <see cref="DetectionSettings.EvalEvery"/> epochs and at the end.
/// </summary>
internal sealed class DetectionTrainer : TransferTrainer<MaskRCNN, DetectionBatch>
{
    private readonly DetectionLoader loader;
    private readonly int seed;

    /// <param name="checkpoints">Null: no checkpoints (ranks other than 0).</param>
    /// <param name="evaluate">Null: no validation (no validation split, or ranks other than 0).</param>
    public DetectionTrainer(MaskRCNN model, DetectionSettings settings, DetectionLoader loader, PyramidCheckpoint? checkpoints,
                            Func<MaskRCNN, double>? evaluate, IPretrainObserver observer, DataParallel? parallel = null, TimeProvider? time = null)
        : base(model, new TransferLoop("MOBYNET.DET", (long)settings.Epochs * loader.BatchesPerEpoch, loader.BatchesPerEpoch, settings.BatchSize,
                                       settings.Seed, settings.EvalEvery, settings.MaxMinutes, settings.FitToBudget, "bbox AP"),
               KeywordDecayGroups.Split(model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)),
                                        settings.WeightDecay, KeywordDecayGroups.Swin),
               settings.Betas, settings.Eps, checkpoints, evaluate, observer, parallel, time)
    {
        this.loader = loader;
        seed = settings.Seed;
        configured = new StepSchedule(settings.Lr, settings.Gamma, settings.Steps, loader.BatchesPerEpoch, settings.WarmupIterations, settings.WarmupRatio);
        configuredSteps = (long)settings.Epochs * loader.BatchesPerEpoch;
    }

    private readonly StepSchedule configured;
    private readonly long configuredSteps;

    /// <summary>The step schedule over the run's length (its steps and warmup in proportion when fitted to the time budget).</summary>
    public StepSchedule Schedule => configured.Over(Length.TotalSteps, configuredSteps);

    public override double LearningRate(long step) => Schedule.At(step);

    protected override IEnumerable<DetectionBatch> Batches(int epoch, int startBatch) => loader.Epoch(epoch, startBatch);

    protected override (Tensor Loss, IReadOnlyDictionary<string, double>? Terms) Loss(DetectionBatch batch)
    {
        using var random = new Generator(StepSeed.Samplers(seed, World.Rank, Position.Step));
        var losses = Model.Loss(batch.Images, batch.Metas.Select(ImageMeta.Of).ToList(), batch.Targets, random);
        var terms = losses.Values();
        foreach (var (name, value) in terms)
            if (name.StartsWith("loss_", StringComparison.Ordinal) && !double.IsFinite(value))
                throw new TrainingDivergedException($"The detection loss term {name} is {value} at iteration {Position.Step} " +
                                                    $"(images {string.Join(", ", batch.Indices)}); lower MOBYNET.DET.BASE_LR or check the annotations.");
        return (losses.Total(), terms);
    }
}
