using Moby.Config;
using Moby.Distributed;
using Moby.Nn;
using Moby.Segmentation;
using Moby.TensorBoard;
using Moby.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Runs;

/// <summary>
/// What a transfer run (segment train, detect train) has around its trainer, as a pre-training run has it: the threads,
/// device and precision of MOBYNET.*, the locked run folder with metrics.jsonl, TensorBoard events and config.yaml
/// (rank 0 alone), the observers, and the start: a resume (the one asked for, or the run folder's checkpoint with
/// TRAIN.AUTO_RESUME) and the matrix-product precision (<see cref="RunPrecision"/>: a resumed run keeps its checkpoint's).
/// </summary>
internal sealed class TransferRunContext : IDisposable
{
    private readonly ConfigTree tree;
    private readonly IPretrainObserver display;
    private readonly RunFolder? folder;
    private readonly MetricsLog? metrics;
    private readonly TensorBoardObserver? events;

    /// <summary>A transfer task's run folder: OUTPUT/<paramref name="task"/>/TAG ("runs" when OUTPUT is empty).</summary>
    public static string Folder(ConfigTree tree, string task)
    {
        string output = tree.String("OUTPUT");
        return Path.Combine(output.Length > 0 ? output : "runs", task, tree.String("TAG"));
    }

    /// <param name="tensorboard">A folder for TensorBoard event files, whatever MOBYNET.TENSORBOARD says; empty: the run folder's
    /// 'tensorboard'; null: there when MOBYNET.TENSORBOARD is true.</param>
    public TransferRunContext(ConfigTree tree, string directory, ICommunicator world, IPretrainObserver display, string? tensorboard)
    {
        (this.tree, this.display, Directory, Main) = (tree, display, directory, world.Rank == 0);
        NativeHeap.ReuseFreedMemory();
        if (tree.Int("MOBYNET.THREADS") > 0) set_num_threads(tree.Int("MOBYNET.THREADS"));
        Device = ComputeDevice.Parse(tree.String("MOBYNET.DEVICE"));
        Precision.Parse(tree.String("MOBYNET.PRECISION"), Device); // a bad name stops the run before anything is written
        Workers = tree.Int("MOBYNET.WORKERS") is > 0 and var w ? w : Environment.ProcessorCount;
        folder = Main ? RunFolder.Open(directory) : null;
        metrics = folder is null ? null : new MetricsLog(folder.MetricsPath, display.Message);
        events = Main ? new TensorBoardObserver(TensorBoardLog.Folder(tensorboard ?? (tree.Bool("MOBYNET.TENSORBOARD") ? "" : null), directory), display.Message) : null;
    }

    /// <summary>The run folder.</summary>
    public string Directory { get; }

    /// <summary>Rank 0: the process that validates, reports and writes files.</summary>
    public bool Main { get; }

    public Device Device { get; }

    /// <summary>The loader's threads: MOBYNET.WORKERS, or one per core.</summary>
    public int Workers { get; }

    /// <summary>Where a warning about the data goes: the display on rank 0, nowhere elsewhere (every rank reads the same data).</summary>
    public Action<string>? Warn => Main ? display.Message : null;

    /// <summary>The run's observer: on rank 0 the display, metrics.jsonl, the plots and TensorBoard; elsewhere none.</summary>
    public IPretrainObserver Observer(IPretrainObserver? plots) =>
        new Observers(Main ? new IPretrainObserver?[] { display, metrics, plots, events }.OfType<IPretrainObserver>().ToArray() : []);

    /// <summary>Resumes when asked (or from the run folder's checkpoint with TRAIN.AUTO_RESUME), writes config.yaml and trains.</summary>
    public RunOutcome Train<TModel, TBatch>(TransferTrainer<TModel, TBatch> trainer, string? resume, IPretrainObserver observer, CancellationToken stop)
        where TModel : nn.Module where TBatch : IDisposable
    {
        string latest = Path.Combine(Directory, PyramidCheckpoint.Latest);
        resume ??= tree.Bool("TRAIN.AUTO_RESUME") && File.Exists(latest) ? latest : null;
        if (resume != null) trainer.Resume(resume);
        folder?.WriteConfig(tree.ToYaml());
        using (Precision.Use(RunPrecision.Choose(tree.String("MOBYNET.PRECISION"), Device, trainer.ResumedPrecision, observer.Message)))
            return trainer.Run(stop);
    }

    public void Dispose()
    {
        events?.Dispose();
        metrics?.Dispose();
        folder?.Dispose();
    }
}
