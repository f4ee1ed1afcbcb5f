using Moby.Data.Segmentation;
using Moby.Optim;
using Moby.Training;
using static TorchSharp.torch;

namespace Moby.Segmentation;

/// <summary>
/// The segmentation training loop (<see cref="TransferTrainer{TModel, TBatch}"/>), iteration-based as mmseg's:
/// <see cref="SegmentationSettings.Iterations"/> AdamW steps over epochs of shuffled augmented crops, the poly schedule
/// per iteration, the heads' cross-entropy; validation (<c>evaluate</c> returns the mIoU, reported as a monitor metric)
/// every <see cref="SegmentationSettings.EvalEvery"/> epochs and at the end. With several processes the heads' BatchNorm
/// is synchronised (<see cref="DataParallel"/>).
/// </summary>
internal sealed class SegmentationTrainer : TransferTrainer<SegmentationModel, SegmentationBatch>
{
    private readonly SegmentationLoader loader;
    private readonly SegmentationLoss loss;

    /// <param name="checkpoints">Null: no checkpoints (ranks other than 0).</param>
    /// <param name="evaluate">Null: no validation (no validation split, or ranks other than 0).</param>
    public SegmentationTrainer(SegmentationModel model, SegmentationSettings settings, SegmentationLoader loader, PyramidCheckpoint? checkpoints,
                               Func<SegmentationModel, double>? evaluate, IPretrainObserver observer, DataParallel? parallel = null,
                               TimeProvider? time = null)
        : base(model, new TransferLoop("MOBYNET.SEG", settings.Iterations, loader.BatchesPerEpoch, settings.BatchSize, settings.Seed, settings.EvalEvery,
                                       settings.MaxMinutes, settings.FitToBudget, "mIoU"),
               SegmentationParameterGroups.Split(model.named_parameters().Where(p => p.parameter.requires_grad).Select(p => (p.name, p.parameter)),
                                                 model.Config.Backbone, settings.WeightDecay, settings.LayerDecay),
               settings.Betas, settings.Eps, checkpoints, evaluate, observer, parallel, time)
    {
        this.loader = loader;
        loss = new SegmentationLoss(settings.AuxiliaryWeight, settings.ClassWeights);
        configured = new PolySchedule(settings.Lr, settings.MinLr, settings.Power, settings.WarmupIterations, settings.WarmupRatio, settings.Iterations);
    }

    private readonly PolySchedule configured;

    /// <summary>The poly schedule over the run's length.</summary>
    public PolySchedule Schedule => configured.Over(Length.TotalSteps);

    public override double LearningRate(long step) => Schedule.At(step);

    protected override IEnumerable<SegmentationBatch> Batches(int epoch, int startBatch) => loader.Epoch(epoch, startBatch);

    protected override (Tensor Loss, IReadOnlyDictionary<string, double>? Terms) Loss(SegmentationBatch batch)
    {
        var output = Model.Forward(batch.Images, withAuxiliary: true);
        return (loss.Compute(output, batch.Labels), null);
    }
}
