using Moby.Config;
using Moby.Config.Memory;
using Moby.Data;
using Moby.Data.Segmentation;
using Moby.Distributed;
using Moby.Evaluation;
using Moby.Interop;
using Moby.Nn;
using Moby.Segmentation;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// Semantic segmentation with UPerNet on a Swin backbone (moby segment): training from a pre-trained checkpoint (or from
/// scratch) with everything a pre-training run has (locked run folder, config.yaml, metrics.jsonl, plots, atomic
/// checkpoints, exact auto-resume, time budget), validation with mmseg's metrics and pictures of predictions; and the
/// evaluation of a finished run's checkpoint.
/// </summary>
public static class SegmentationRun
{
    /// <summary>The run folder: OUTPUT/segment/TAG ("runs" when OUTPUT is empty).</summary>
    public static string OutputDirectory(ConfigTree tree) => TransferRunContext.Folder(tree, "segment");

    /// <summary>Trains UPerNet as <paramref name="tree"/> says, on a backbone from <paramref name="weights"/> (any checkpoint
    /// <see cref="BackboneLoader"/> reads) or, with <paramref name="fromScratch"/>, randomly initialised (the architecture
    /// still from <paramref name="weights"/> when given, else from the tree's model keys). Before it trains, every
    /// validation image is checked from the size its header declares: one whose class scores could not be held (or whose
    /// header cannot be read) is refused, naming it.</summary>
    /// <param name="resume">A checkpoint to resume from; null = the run folder's latest when TRAIN.AUTO_RESUME.</param>
    /// <param name="world">The processes training together (mpirun), each on its share of the global batch; rank 0 alone
    /// validates, reports to <paramref name="display"/> and writes files. Null: this process alone.</param>
    /// <param name="plots">Draws the run's PNG plots; null: no plots.</param>
    /// <param name="tensorboard">A folder for TensorBoard event files, whatever MOBYNET.TENSORBOARD says; empty: the run folder's
    /// 'tensorboard'; null: there when MOBYNET.TENSORBOARD is true.</param>
    /// <param name="time">The clock of the time budget, MOBYNET.MAX_MINUTES (null: the system's).</param>
    public static SegmentationResult Train(ConfigTree tree, string? weights, bool fromScratch, IPretrainObserver display, string? resume = null,
                                           CancellationToken stop = default, IPlotRenderer? plots = null, string? tensorboard = null,
                                           ICommunicator? world = null, TimeProvider? time = null) =>
        Train(tree, MemoryLimit.Current(), weights, fromScratch, display, resume, stop, plots, tensorboard, world, time);

    /// <summary><see cref="Train(ConfigTree, string?, bool, IPretrainObserver, string?, CancellationToken, IPlotRenderer?, string?, ICommunicator?, TimeProvider?)"/>
    /// within <paramref name="memory"/>, which bounds what validation holds for one image (tests give their own).</summary>
    internal static SegmentationResult Train(ConfigTree tree, MemoryLimit memory, string? weights, bool fromScratch, IPretrainObserver display,
                                             string? resume = null, CancellationToken stop = default, IPlotRenderer? plots = null,
                                             string? tensorboard = null, ICommunicator? world = null, TimeProvider? time = null)
    {
        world ??= SingleProcess.Instance;
        var settings = SegmentationRecipe.Settings(tree, world.Size);
        using var context = new TransferRunContext(tree, OutputDirectory(tree), world, display, tensorboard);
        string directory = context.Directory;
        var train = SegmentationRecipe.Open(tree, null, DataSplit.Train);
        if (settings.ClassWeights is { Length: var n } && n != train.NumClasses)
            throw new ConfigException($"MOBYNET.SEG.CLASS_WEIGHTS has {n} weights, but the data has {train.NumClasses} classes.");
        var validation = context.Main ? OpenValidation(tree, display) : null;
        manual_seed(settings.Seed);
        using var model = Build(tree, weights, fromScratch, train.NumClasses);
        if (!ComputeDevice.IsCpu(context.Device)) model.to(context.Device); // built on the CPU, so that a seed gives the same weights everywhere
        var parallel = world.Size > 1 ? DataParallel.Attach(model, model.parameters().Where(p => p.requires_grad), world) : null;
        var input = SegmentationRecipe.Input(model.Config.Backbone.InChans);
        var transform = new SegmentationTransform(SegmentationRecipe.Augmentation(tree), input);
        var loader = new SegmentationLoader(train, transform, settings.BatchSize, settings.Seed, context.Workers, world.Rank, world.Size, context.Device);
        var evaluator = validation is null ? null : SegmentationRecipe.Evaluator(tree, validation, input, memory);
        // An image whose class scores cannot be held would stop the run at its first validation, and every resume there again.
        evaluator?.RequireSizes();
        int pictures = tree.Int("MOBYNET.SEG.PREDICTIONS");
        SegmentationScores? scores = null;
        Func<SegmentationModel, double>? evaluate = evaluator is null ? null : m =>
        {
            scores = SegmentationReport.Evaluate(evaluator, m, train.ClassNames, directory, pictures);
            display.Message($"validation: mIoU {100 * scores.MeanIou:F2} (without class 0: {100 * scores.MeanIouWithoutFirstClass:F2}), " +
                            $"mAcc {100 * scores.MeanAccuracy:F2}, aAcc {100 * scores.AllAccuracy:F2}");
            return scores.MeanIou;
        };

        var drawn = plots is null || !context.Main ? null : new TransferPlots(directory, plots, display.Message, TransferPlots.Segmentation);
        var checkpoints = context.Main
            ? new PyramidCheckpoint(directory, tree.AsDictionary(), PyramidArchitecture.Segmentation, model.Config.Backbone, train.ClassNames) : null;
        var observer = context.Observer(drawn);
        using var trainer = new SegmentationTrainer(model, settings, loader, checkpoints, evaluate, observer, parallel, time);
        var outcome = context.Train(trainer, resume, observer, stop);
        drawn?.Refresh();
        return new SegmentationResult(outcome, directory, scores);
    }

    /// <summary>Evaluates a segmentation checkpoint (written by training) on the validation split of its data or of <paramref name="data"/>.</summary>
    /// <param name="output">Where eval.json and predictions/ go; null = an "eval" folder beside the checkpoint.</param>
    /// <param name="options">KEY=VALUE overrides of the checkpoint's configuration, e.g. MOBYNET.DEVICE, MOBYNET.PRECISION
    /// (auto: as the checkpoint trained), MOBYNET.SEG.TEST_MODE / TEST_STRIDE / TEST_SCALE.</param>
    /// <param name="say">Where notes go (the precision chosen when it departs from the checkpoint's); null: nowhere.</param>
    public static SegmentationScores Evaluate(string weights, string? data, string? output, int pictures = 8, IEnumerable<string>? options = null,
                                              Action<string>? say = null)
    {
        using var loaded = SegmentationModelFile.Open(weights, options, say);
        var set = SegmentationRecipe.Open(loaded.Tree, data, DataSplit.Test);
        if (set.NumClasses != loaded.Classes.Count)
            throw new DataException($"the validation data has {set.NumClasses} classes, but {ShownNames.Path(weights)} was trained on {loaded.Classes.Count}");
        output ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(weights))!, "eval");
        using var folder = OutputFolder.Create(output); // removed again if the evaluation fails before writing
        var evaluator = SegmentationRecipe.Evaluator(loaded.Tree, set, SegmentationRecipe.Input(loaded.Model.Config.Backbone.InChans), MemoryLimit.Current());
        using (Precision.Use(loaded.Precision))
            return SegmentationReport.Evaluate(evaluator, loaded.Model, loaded.Classes, output, pictures);
    }

    /// <summary>Writes a colourised mask (a palette PNG whose indices are the predicted classes) for every image file in
    /// <paramref name="input"/> (and below) to <paramref name="output"/>, with legend.txt naming each class's colour. An
    /// image that does not decode (or declares more than MOBYNET.MAX_IMAGE_PIXELS), or whose class scores would pass the
    /// bound of <see cref="Moby.Segmentation.InferenceBounds"/>, is skipped with a warning naming it.</summary>
    /// <param name="options">KEY=VALUE overrides of the checkpoint's configuration, as for <see cref="Evaluate"/>.</param>
    /// <param name="say">Where notes and warnings go; null: nowhere.</param>
    /// <returns>The number of masks written.</returns>
    public static int Predict(string weights, string input, string output, IEnumerable<string>? options = null, Action<string>? say = null)
    {
        using var loaded = SegmentationModelFile.Open(weights, options, say);
        var predictor = SegmentationRecipe.Predictor(loaded.Tree, SegmentationRecipe.Input(loaded.Model.Config.Backbone.InChans), MemoryLimit.Current());
        var decoding = new ImageDecodeOptions { MaxPixels = loaded.Tree.Int("MOBYNET.MAX_IMAGE_PIXELS") };
        using var precision = Precision.Use(loaded.Precision);
        int written = 0;
        int classes = (int)loaded.Model.Config.NumClasses;
        var images = PredictionFolder.Read(input, output, decoding, say,
                                           (file, image) => predictor.RequireWithin(file, (image.Width, image.Height), classes));
        using var folder = OutputFolder.Create(output); // removed again if no image is taken
        foreach (var (relative, image, picture) in images)
        {
            LabelMap labels;
            try
            {
                labels = predictor.Predict(loaded.Model, image, Path.Combine(input, relative));
            }
            catch (DataException e)
            {
                say?.Invoke($"warning: {e.Message}; skipped");
                continue;
            }
            AtomicFile.Write(picture, stream => stream.Write(LabelPng.Encode(labels, Palette.Colours)));
            written++;
        }
        AtomicFile.Write(Path.Combine(output, "legend.txt"), stream => stream.Write(System.Text.Encoding.UTF8.GetBytes(Palette.Legend(loaded.Classes))));
        return written;
    }

    private static SegmentationSet? OpenValidation(ConfigTree tree, IPretrainObserver display)
    {
        try
        {
            return SegmentationRecipe.Open(tree, null, DataSplit.Test);
        }
        catch (DataException e) when (e.Message.Contains("has no validation split"))
        {
            display.Message($"No validation during training: {e.Message}.");
            return null;
        }
    }

    /// <summary>The model with its backbone: pre-trained weights moved into the padded pyramid, or the architecture alone.</summary>
    private static SegmentationModel Build(ConfigTree tree, string? weights, bool fromScratch, int numClasses)
    {
        var windows = tree.Ints("MOBYNET.SEG.WINDOWS");
        double dropPath = tree.Double("MOBYNET.SEG.DROP_PATH_RATE");
        return PyramidBackbone.Build(tree, weights, fromScratch, "segmentation", (swin, file) => DenseRunMemory.Segmentation(true, swin, file),
                                     pretrained => PyramidTransfer.Config(pretrained, windows.Length == 0 ? null : windows, dropPath),
                                     backbone => new SegmentationModel(SegmentationRecipe.Model(tree, backbone, numClasses)), model => model.Backbone);
    }
}
