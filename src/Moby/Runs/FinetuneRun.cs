using System.Text.Json;
using Moby.Backbones;
using Moby.Config;
using Moby.Config.Memory;
using Moby.Data;
using Moby.Distributed;
using Moby.Evaluation;
using Moby.Finetune;
using Moby.Interop;
using Moby.Nn;
using Moby.TensorBoard;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// A whole fine-tuning run from a configuration tree: the architecture and initial backbone from a checkpoint (or a
/// preset, from scratch), the labelled subset and the held-out set of the train split (<see cref="LabelledSplit"/>), a
/// new head, then what a pre-training run has: the run folder (OUTPUT/MODEL.NAME/TAG, locked), auto-resume, config.yaml,
/// metrics.jsonl, plots, checkpoints, the time budget and stop requests, data parallelism. Once every epoch has run, the
/// test split is scored once (test.json, confusion.png). Only rank 0 writes files and reports to the display.
/// </summary>
internal static class FinetuneRun
{
    public const string TestFile = "test.json";

    /// <summary>What a run starts from: the checkpoint of the initial weights (and the architecture), or a preset / YAML for a run from scratch.</summary>
    public sealed record Start(string? Weights, string? Model);

    /// <summary>OUTPUT/MODEL.NAME/TAG; TAG 'default' becomes the labels and the initialisation (10pct, 10pct-scratch), so that the runs of a comparison do not resume each other.</summary>
    public static string OutputDirectory(ConfigTree tree)
    {
        string output = tree.String("OUTPUT"), tag = tree.String("TAG");
        if (tag == "default")
            tag = LabelFraction.Parse(tree.String("FINETUNE.LABELS")).Slug + (tree.Bool("FINETUNE.FROM_SCRATCH") ? "-scratch" : "");
        return Path.Combine(output.Length > 0 ? output : "runs", tree.String("MODEL.NAME"), tag);
    }

    /// <param name="writeFiles">False: no folder, checkpoints or logs (the library's call without an output folder).</param>
    /// <param name="plots">Draws the run's PNG plots and the test confusion matrix; null: no plots.</param>
    /// <param name="tensorboard">A folder for TensorBoard event files, whatever MOBYNET.TENSORBOARD says; empty: the run folder's
    /// 'tensorboard'; null: there when MOBYNET.TENSORBOARD is true.</param>
    /// <param name="time">The clock of the time budget (null: the system's).</param>
    /// <returns>The outcome and the trained classifier (the caller owns it).</returns>
    public static FinetuneResult Execute(ConfigTree tree, Start start, IPretrainObserver display, string? resume = null, CancellationToken stop = default,
                                         ICommunicator? world = null, bool writeFiles = true, IPlotRenderer? plots = null, string? tensorboard = null,
                                         TimeProvider? time = null)
    {
        world ??= SingleProcess.Instance;
        var settings = FinetuneRecipe.From(tree);
        NativeHeap.ReuseFreedMemory();
        if (settings.Training.Threads > 0) set_num_threads(settings.Training.Threads);
        var device = ComputeDevice.Parse(tree.String("MOBYNET.DEVICE"));
        string precisionSetting = tree.String("MOBYNET.PRECISION");
        // The test scoring's precision; the training's may be a resumed run's (RunPrecision).
        using var precision = Precision.Use(Precision.Parse(precisionSetting, device));
        var architecture = Architecture(start, settings).WithDropPath(settings.DropPath);
        var stored = tree.With(ArchitectureOptions.Of(architecture));
        RunMemory.Check(stored, EncoderRuns.Finetuning());
        string directory = OutputDirectory(tree);
        using var folder = writeFiles && world.Rank == 0 ? RunFolder.Open(directory) : null;
        resume ??= settings.Training.AutoResume && writeFiles && File.Exists(Path.Combine(directory, PretrainCheckpoint.Latest))
            ? Path.Combine(directory, PretrainCheckpoint.Latest) : null;

        var source = TrainingData.Source(tree, architecture.ImgSize);
        using var train = source.Open(DataSplit.Train);
        if (train.Channels != architecture.InChans)
            throw new ConfigException($"{ShownNames.Path(source.ToString())} has {train.Channels}-channel images but the backbone takes {architecture.InChans}.");
        var split = LabelledSplit.Select(train, settings.Labels, settings.HeldOut, settings.LabelSeed);
        var info = new ClassifierInfo(train.ClassNames, train.Stats, tree.Double("MOBYNET.EVAL_CROP_RATIO"), source.ToString(), settings.Labels.ToString());
        var model = Model(start, architecture, train.NumClasses, settings, resume is null);
        try
        {
            if (!ComputeDevice.IsCpu(device)) model.to(device); // built on the CPU, so that a seed gives the same weights everywhere
            var run = new RunContext(precisionSetting, device, resume, stop, time);
            var parallel = world.Size > 1 ? DataParallel.Attach(model, model.TrainableParameters().Select(p => p.Parameter), world) : null;
            var loader = Loader(tree, settings, new Subset(train, split.Labelled), architecture.ImgSize, world, device, display.Message);
            var checkpoints = writeFiles ? new FinetuneCheckpoint(directory, stored.AsDictionary(), settings.Training.KeepCheckpoints, info) : null;
            var transform = new EvalTransformOptions { Size = architecture.ImgSize, CropRatio = info.CropRatio };
            if (folder is null)
            {
                var quiet = Train(model, settings, loader, checkpoints, world.Rank == 0 ? display : new Observers(), run, parallel, () => { }, info, split);
                return Scored(quiet, world.Rank == 0 ? source : null, transform, null, null, display);
            }

            using var metrics = new MetricsLog(folder.MetricsPath, display.Message);
            using var events = new TensorBoardObserver(TensorBoardLog.Folder(tensorboard ?? (tree.Bool("MOBYNET.TENSORBOARD") ? "" : null), directory), display.Message);
            var drawn = plots is null ? null : new FinetunePlots(directory, plots, display.Message);
            var report = new Observers(display, metrics, events);
            var monitor = split.HeldOut.Length > 0
                ? new HeldOutMonitor(model, new Subset(train, split.HeldOut), transform, report, tree.Int("MOBYNET.WORKERS"),
                                     settings.HeldOutEvery) : (IPretrainObserver)new Observers();
            var observer = new Observers(display, metrics, monitor, (IPretrainObserver?)drawn ?? new Observers(), events);
            var result = Train(model, settings, loader, checkpoints, observer, run, parallel, () => folder.WriteConfig(stored.ToYaml()), info, split);
            drawn?.Refresh();
            return Scored(result, source, transform, directory, plots, report);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>How a run trains besides its recipe: MOBYNET.PRECISION as written, the device, the checkpoint to resume, the stop signal, the clock.</summary>
    private sealed record RunContext(string Precision, Device Device, string? Resume, CancellationToken Stop, TimeProvider? Time);

    private static FinetuneResult Train(Classifier model, FinetuneSettings settings, BatchLoader loader, FinetuneCheckpoint? checkpoints, IPretrainObserver observer,
                                        RunContext run, DataParallel? parallel, Action accepted, ClassifierInfo info, LabelledSplit split)
    {
        using var trainer = new Finetuner(model, settings, loader, checkpoints, observer, parallel, run.Time);
        if (run.Resume != null) trainer.Resume(run.Resume);
        accepted();
        using var precision = Precision.Use(RunPrecision.Choose(run.Precision, run.Device, trainer.ResumedPrecision, observer.Message));
        observer.Message($"Fine-tuning on {split.Labelled.Length} labelled train images ({info.Labels}), {split.HeldOut.Length} held out; " +
                         $"{(settings.FromScratch ? "from scratch" : "from the pre-trained backbone")}.");
        return new FinetuneResult(trainer.Run(run.Stop), model, info, checkpoints?.LatestPath, null);
    }

    private static IBackboneConfig Architecture(Start start, FinetuneSettings settings)
    {
        if (start.Weights is null)
            return start.Model is not null && settings.FromScratch
                ? ModelConfigs.ResolveEncoder(start.Model, null, "")
                : throw new ConfigException("Fine-tuning needs the weights to start from (--weights), or --from-scratch with an architecture (--model).");
        using var checkpoint = CheckpointFile.Read(start.Weights);
        return ModelConfigs.ResolveEncoder(start.Model, checkpoint.Config, start.Weights);
    }

    /// <summary>The backbone (pre-trained unless from scratch or resuming, when the checkpoint brings the weights) and a new head, seeded by SEED.</summary>
    private static Classifier Model(Start start, IBackboneConfig architecture, int classes, FinetuneSettings settings, bool loadWeights)
    {
        using var pretrained = loadWeights && !settings.FromScratch ? BackboneLoader.Load(start.Weights!, start.Model) : null;
        manual_seed(settings.Training.Seed);
        var backbone = architecture.Create();
        if (pretrained is not null) StateDictLoader.Load(backbone, pretrained.state_dict(), strict: true, source: start.Weights);
        return new Classifier(backbone, classes);
    }

    private static BatchLoader Loader(ConfigTree tree, FinetuneSettings settings, IImageDataset labelled, int size, ICommunicator world, Device device,
                                      Action<string> warn)
    {
        int workers = tree.Int("MOBYNET.WORKERS");
        return new BatchLoader(labelled, new TwoViewTransform(FinetuneRecipe.Augmentation(settings, size), labelled.Stats), new LoaderOptions
        {
            BatchSize = settings.Training.BatchSize, Seed = settings.Training.Seed, Rank = world.Rank, WorldSize = world.Size, DropLast = true, Device = device, SecondView = false,
            Workers = workers > 0 ? workers : Environment.ProcessorCount, Strict = tree.Bool("MOBYNET.STRICT_DATA"), Warn = warn,
        });
    }

    /// <summary>
    /// A finished run with its test split scored once (in <paramref name="directory"/>, when there is one: test.json and the
    /// confusion matrix); a stopped run, a rank other than 0 (no <paramref name="source"/>) or data without a test split as it is.
    /// </summary>
    private static FinetuneResult Scored(FinetuneResult result, DataSource? source, EvalTransformOptions transform, string? directory,
                                         IPlotRenderer? plots, IPretrainObserver report)
    {
        if (result.Outcome != RunOutcome.Finished || source is null) return result;
        if (!source.Splits.Contains(DataSplit.Test))
        {
            report.Message($"{ShownNames.Path(source.ToString())} has no test split: no test accuracy.");
            return result;
        }
        using var test = source.Open(DataSplit.Test);
        var scored = ClassifierScores.Evaluate(result.Model, test, transform, warn: report.Message);
        report.Message($"Test split ({test.Count} images, scored once): top-1 {scored.Top1:P2}, top-5 {scored.Top5:P2}.");
        if (directory is not null) Record(scored, test, directory, result.Info, plots, report);
        return result with { Test = scored };
    }

    private static void Record(ClassificationResult result, IImageDataset test, string directory, ClassifierInfo info, IPlotRenderer? plots,
                               IPretrainObserver report)
    {
        var truth = Enumerable.Range(0, test.Count).Select(i => (long)test.Label(i)).ToArray();
        AtomicFile.Write(Path.Combine(directory, TestFile), stream => JsonSerializer.Serialize(stream, new
        {
            data = info.Data, labels = info.Labels, images = test.Count, top1 = result.Top1, top5 = result.Top5,
        }, new JsonSerializerOptions { WriteIndented = true }));
        if (plots is null || result.Predictions.Length != truth.Length) return;
        try
        {
            plots.Confusion(Path.Combine(directory, "confusion.png"), $"Confusion on the test split ({info.Labels} labels)", info.Classes,
                            ConfusionMatrix.RowFractions(info.Classes.Count, truth, result.Predictions));
        }
        catch (Exception e) // a plot is a view: test.json is written, the run's result stands
        {
            report.Message($"Could not draw {ShownNames.Path(Path.Combine(directory, "confusion.png"))}: {ShownNames.IoMessage(e)}");
        }
    }
}

