using Moby.Config;
using Moby.Config.Memory;
using Moby.Data;
using Moby.Data.Detection;
using Moby.Detection;
using Moby.Distributed;
using Moby.Nn;
using Moby.Segmentation;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// Object detection and instance segmentation with Mask R-CNN on a Swin backbone (moby detect): training from a
/// pre-trained checkpoint (or from scratch) with everything a pre-training run has (locked run folder, config.yaml,
/// metrics.jsonl with every loss term, plots, atomic checkpoints in mmdet's layout, exact auto-resume, time budget, mpirun).
/// </summary>
public static partial class DetectionRun
{
    /// <summary>The run folder: OUTPUT/detect/TAG ("runs" when OUTPUT is empty).</summary>
    public static string OutputDirectory(ConfigTree tree) => TransferRunContext.Folder(tree, "detect");

    /// <summary>Trains Mask R-CNN as <paramref name="tree"/> says (mmdet's Swin Mask R-CNN 1x recipe, MOBYNET.DET.*), on a
    /// backbone from <paramref name="weights"/> (any checkpoint <c>BackboneLoader</c> reads) or, with
    /// <paramref name="fromScratch"/>, randomly initialised (the architecture still from <paramref name="weights"/> when
    /// given, else from the tree's model keys).</summary>
    /// <param name="resume">A checkpoint to resume from; null = the run folder's latest when TRAIN.AUTO_RESUME.</param>
    /// <param name="world">The processes training together (mpirun), each on its share of the global batch; rank 0 alone
    /// validates, reports to <paramref name="display"/> and writes files. Null: this process alone.</param>
    /// <param name="plots">Draws the run's PNG plots; null: no plots.</param>
    /// <param name="tensorboard">A folder for TensorBoard event files, whatever MOBYNET.TENSORBOARD says; empty: the run folder's
    /// 'tensorboard'; null: there when MOBYNET.TENSORBOARD is true.</param>
    /// <param name="memory">The memory limit, which bounds what validation holds for one image; null: <see cref="MemoryLimit.Current"/>.</param>
    internal static DetectionTraining Train(ConfigTree tree, string? weights, bool fromScratch, IPretrainObserver display, string? resume = null,
                                            CancellationToken stop = default, IPlotRenderer? plots = null, string? tensorboard = null,
                                            ICommunicator? world = null, MemoryLimit? memory = null)
    {
        world ??= SingleProcess.Instance;
        var masks = DetectionRecipe.Masks(memory ?? MemoryLimit.Current());
        var settings = DetectionRecipe.Settings(tree, world.Size);
        using var context = new TransferRunContext(tree, OutputDirectory(tree), world, display, tensorboard);
        var train = DetectionDataRecipe.Open(tree, null, DataSplit.Train, context.Warn);
        manual_seed(settings.Seed);
        using var model = PyramidBackbone.Build(tree, weights, fromScratch, "detection", (swin, file) => DenseRunMemory.Detection(true, swin, file),
                                                pretrained => DetectionRecipe.Backbone(tree, pretrained),
                                                backbone => new MaskRCNN(DetectionRecipe.Model(tree, backbone, train.NumClasses)), m => m.Backbone);
        if (!ComputeDevice.IsCpu(context.Device)) model.to(context.Device); // built on the CPU, so that a seed gives the same weights everywhere
        // mmdet's Swin Mask R-CNN has no BatchNorm; our convolutional stem's are synchronised (SyncBatchNorm), as in segmentation.
        var parallel = world.Size > 1 ? DataParallel.Attach(model, model.parameters().Where(p => p.requires_grad), world) : null;
        var transform = new DetectionTransform(DetectionDataRecipe.Training(tree), SegmentationRecipe.Input(model.Config.Backbone.InChans));
        var loader = new DetectionLoader(train, DetectionDataRecipe.TrainingIndices(tree, train), transform, settings.BatchSize, settings.Seed,
                                         context.Workers, world.Rank, world.Size, context.Device);
        var validation = context.Main ? OpenValidation(tree, display) : null;
        // An image whose masks cannot be held would stop the run at its first validation, and every resume there again.
        if (validation is not null) masks.Batches(validation, model.Config, settings.BatchSize);
        DetectionScores? scores = null;
        Func<MaskRCNN, double>? evaluate = validation is null ? null : m =>
        {
            scores = DetectionReport.Evaluate(m, tree, validation, train.ClassNames, context.Directory, tree.Int("MOBYNET.DET.PREDICTIONS"), settings.BatchSize, masks);
            display.Message($"validation: box AP {100 * scores.Box.Ap:F2} (AP50 {100 * scores.Box.Ap50:F2}), mask AP {100 * scores.Mask.Ap:F2} (AP50 {100 * scores.Mask.Ap50:F2})");
            return scores.Box.Ap;
        };

        var drawn = plots is null || !context.Main ? null : new TransferPlots(context.Directory, plots, display.Message, TransferPlots.Detection);
        var checkpoints = context.Main
            ? new PyramidCheckpoint(context.Directory, tree.AsDictionary(), PyramidArchitecture.Detection, model.Config.Backbone, train.ClassNames,
                                    train.Coco.Categories.Select(c => c.Id).ToList()) : null;
        var observer = context.Observer(drawn);
        using var trainer = new DetectionTrainer(model, settings, loader, checkpoints, evaluate, observer, parallel);
        var outcome = context.Train(trainer, resume, observer, stop);
        drawn?.Refresh();
        return new DetectionTraining(outcome, context.Directory, scores);
    }

    /// <summary>The validation split, or none (said once) when the data has no such split.</summary>
    private static DetectionSet? OpenValidation(ConfigTree tree, IPretrainObserver display)
    {
        try
        {
            return DetectionDataRecipe.Open(tree, null, DataSplit.Test, display.Message);
        }
        catch (DataException e)
        {
            display.Message($"No validation during training: {e.Message}.");
            return null;
        }
    }
}
