using Moby.Config;
using Moby.Config.Memory;
using Moby.Data;
using Moby.Distributed;
using Moby.Interop;
using Moby.Nn;
using Moby.Ssl;
using Moby.TensorBoard;
using static TorchSharp.torch;
using Moby.Training;

namespace Moby.Runs;

/// <summary>
/// A whole pre-training run from a configuration tree: output folder (OUTPUT/MODEL.NAME/TAG, "runs" when
/// OUTPUT is empty, locked for the run, see <see cref="RunFolder"/>), seeding, the MoBY model, the data, auto-resume
/// from the folder's latest checkpoint, the resolved config.yaml once the resume is accepted, metrics.jsonl, plots (when
/// given a renderer) and TensorBoard event files when asked, then the training loop, all in the matrix-product precision
/// of MOBYNET.PRECISION (<see cref="RunPrecision"/>; restored afterwards). With several processes (<paramref name="world"/>)
/// each trains on its shard; only rank 0 locks the folder, writes files and reports to the display.
/// </summary>
public static class PretrainRun
{
    /// <summary>The run folder: OUTPUT/MODEL.NAME/TAG (<c>runs</c> when OUTPUT is empty).</summary>
    public static string OutputDirectory(ConfigTree tree)
    {
        string output = tree.String("OUTPUT");
        return Path.Combine(output.Length > 0 ? output : "runs", tree.String("MODEL.NAME"), tree.String("TAG"));
    }

    /// <summary>PRINT_FREQ: a plain progress line every this many iterations.</summary>
    public static int PrintFrequency(ConfigTree tree) => tree.Int("PRINT_FREQ");

    /// <param name="resume">A checkpoint to resume from; null = the output folder's latest when TRAIN.AUTO_RESUME.</param>
    /// <param name="plots">Draws the PNG plots of metrics.jsonl into the run folder at every epoch end; null: no plots.</param>
    /// <param name="tensorboard">A folder for TensorBoard event files, whatever MOBYNET.TENSORBOARD says; empty: the run folder's
    /// 'tensorboard'; null: there when MOBYNET.TENSORBOARD is true.</param>
    public static RunOutcome Execute(ConfigTree tree, IPretrainObserver display, string? resume = null, CancellationToken stop = default,
                                     ICommunicator? world = null, IPlotRenderer? plots = null, string? tensorboard = null)
    {
        world ??= SingleProcess.Instance;
        RunMemory.Check(tree, EncoderRuns.Pretraining());
        var settings = TrainingRecipe.From(tree);
        NativeHeap.ReuseFreedMemory();
        if (settings.Threads > 0) set_num_threads(settings.Threads);
        var device = ComputeDevice.Parse(settings.Device);
        string precision = tree.String("MOBYNET.PRECISION");
        Precision.Parse(precision, device); // a bad name stops the run before anything is written
        string directory = OutputDirectory(tree);
        using var folder = world.Rank == 0 ? RunFolder.Open(directory) : null;

        // The initial weights and queues; every rank then takes rank 0's (DataParallel). Steps reseed per rank (StepSeed).
        manual_seed(settings.Seed);
        using var model = new MoBY(ModelConfigs.MoBY(tree), device);
        var source = TrainingData.Open(tree, settings, world.Rank, world.Size, warn: display.Message, device);
        var checkpoints = new PretrainCheckpoint(directory, tree.AsDictionary(), settings.KeepCheckpoints);
        var run = new RunContext(precision, device, resume, stop, world);
        if (folder == null) return Train(model, settings, source, checkpoints, new Observers(), run, accepted: () => { });

        using var metrics = new MetricsLog(folder.MetricsPath, display.Message);
        using var events = new TensorBoardObserver(TensorBoardLog.Folder(tensorboard ?? (tree.Bool("MOBYNET.TENSORBOARD") ? "" : null), directory), display.Message);
        var drawn = plots is null ? null : new TrainingPlots(directory, plots, display.Message);
        var report = new Observers(display, metrics, events);
        using var monitor = Monitor(tree, model, report);
        var observer = new Observers(display, metrics, monitor?.Observer ?? new Observers(), (IPretrainObserver?)drawn ?? new Observers(), events);
        var outcome = Train(model, settings, source, checkpoints, observer, run, accepted: () => folder.WriteConfig(tree.ToYaml()));
        drawn?.Refresh();
        return outcome;
    }

    /// <summary>How a run trains besides its recipe: MOBYNET.PRECISION as written, the device, the checkpoint to resume, the stop signal, the processes.</summary>
    private sealed record RunContext(string Precision, Device Device, string? Resume, CancellationToken Stop, ICommunicator World);

    /// <param name="accepted">Called once the checkpoint to resume from (if any) has loaded: the run is this config's from then on.</param>
    private static RunOutcome Train(MoBY model, TrainingSettings settings, ITwoViewSource source, PretrainCheckpoint checkpoints,
                                    IPretrainObserver observer, RunContext run, Action accepted)
    {
        var parallel = run.World.Size > 1 ? DataParallel.Attach(model, run.World) : null;
        using var trainer = new Pretrainer(model, settings, source, checkpoints, observer, parallel);
        string? resume = run.Resume ?? (settings.AutoResume && File.Exists(checkpoints.LatestPath) ? checkpoints.LatestPath : null);
        if (resume != null) trainer.Resume(resume);
        accepted();
        using var precision = Precision.Use(RunPrecision.Choose(run.Precision, run.Device, trainer.ResumedPrecision, observer.Message));
        return trainer.Run(run.Stop);
    }

    /// <summary>The online kNN monitor, when MOBYNET.KNN_EVERY > 0 and the data source has labelled train and test splits.</summary>
    private static MonitorHandle? Monitor(ConfigTree tree, MoBY model, IPretrainObserver report)
    {
        int every = tree.Int("MOBYNET.KNN_EVERY");
        if (every <= 0) return null;
        var source = TrainingData.Source(tree, tree.Int("DATA.IMG_SIZE"));
        if (source.Kind == DataSourceKind.Synthetic) return null;
        var train = source.Open(DataSplit.Train);
        if (train.NumClasses == 0)
        {
            train.Dispose();
            report.Message($"No online kNN monitor: {ShownNames.Path(source.ToString())} has no labels.");
            return null;
        }
        var transform = new EvalTransformOptions { Size = tree.Int("DATA.IMG_SIZE"), CropRatio = tree.Double("MOBYNET.EVAL_CROP_RATIO") };
        int bankCount = tree.Int("MOBYNET.KNN_BANK_SAMPLES"), queryCount = tree.Int("MOBYNET.KNN_QUERY_SAMPLES");
        if ((long)bankCount + queryCount > train.Count)
        {
            train.Dispose();
            throw new ConfigException($"MOBYNET.KNN_BANK_SAMPLES + MOBYNET.KNN_QUERY_SAMPLES = {bankCount + queryCount}, but {ShownNames.Path(source.ToString())} has only {train.Count} train images");
        }
        var (bank, queries) = Subset.Disjoint(train, bankCount, queryCount);
        var monitor = new KnnMonitor(model.Encoder, bank, queries, transform, every, report);
        return new MonitorHandle(monitor, train);
    }

    private sealed record MonitorHandle(IPretrainObserver Observer, IDisposable Train) : IDisposable
    {
        public void Dispose() => Train.Dispose();
    }
}
