using System.ComponentModel;
using System.Runtime.InteropServices;
using Moby.Cli.Display;
using Moby.Config;
using Moby.Distributed;
using Moby.Reporting;
using Moby.Runs;
using Moby.Training;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class PretrainCommand : Command<PretrainCommand.Settings>
{
    public sealed class Settings : RunSettings
    {
        [CommandOption("-c|--config <FILE>")]
        [Description("YAML config (official keys, BASE inheritance). Default: our Fashion-MNIST recipe.")]
        [DefaultValue("configs/moby_swin_fmnist.yaml")]
        public string Config { get; init; } = "configs/moby_swin_fmnist.yaml";

        [CommandOption("--opt <KEY=VALUE>")]
        [Description("Override any config key, e.g. --opt TRAIN.EPOCHS=10 (repeatable).")]
        public string[] Opts { get; init; } = [];

        [CommandOption("--data <SOURCE>")]
        [Description("Data source (MOBYNET.DATA): fashion-mnist, cifar10:/path, imagefolder:/path, folder:/path, synthetic, ...")]
        public string? Data { get; init; }

        [CommandOption("--epochs <N>")]
        [Description("TRAIN.EPOCHS.")]
        public int? Epochs { get; init; }

        [CommandOption("--batch-size <N>")]
        [Description("DATA.BATCH_SIZE (per process; under mpirun the global batch is N times this).")]
        public int? BatchSize { get; init; }

        [CommandOption("--minutes <M>")]
        [Description("Stop after M minutes of training and checkpoint (resume later with the same command).")]
        public double? Minutes { get; init; }

        [CommandOption("--precision <P>")]
        [Description("MOBYNET.PRECISION: auto (default: bf16 where the CPU has bf16 units, else fp32; a resumed run keeps its checkpoint's), fp32 or bf16 matrix products (float32 master weights).")]
        public string? Precision { get; init; }

        [CommandOption("--device <DEVICE>")]
        [Description("MOBYNET.DEVICE: cpu, cuda or cuda:N (a GPU needs a build with -p:TorchBackend=cuda).")]
        public string? Device { get; init; }

        [CommandOption("-o|--output <DIR>")]
        [Description("OUTPUT: runs go to OUTPUT/MODEL.NAME/TAG (default runs/...).")]
        public string? Output { get; init; }

        [CommandOption("--resume <FILE>")]
        [Description("Resume from this checkpoint (default: the run folder's checkpoint.pth when TRAIN.AUTO_RESUME).")]
        public string? Resume { get; init; }

        [CommandOption("-q|--quiet")]
        [Description("Plain log lines instead of the live progress display.")]
        public bool Quiet { get; init; }

        public override ValidationResult Validate() => OptionRanges.Check(
            ("--epochs", Epochs, OptionRanges.Of("TRAIN.EPOCHS")), ("--batch-size", BatchSize, OptionRanges.Of("DATA.BATCH_SIZE")),
            ("--minutes", Minutes, OptionRanges.Of("MOBYNET.MAX_MINUTES"))) ?? base.Validate();

        /// <summary>The config file, then the shortcut options, then every --opt (last wins).</summary>
        public ConfigTree Tree()
        {
            var overrides = new List<string>();
            if (Data != null) overrides.Add(ConfigTree.TextOption("MOBYNET.DATA", Data));
            if (Epochs != null) overrides.Add($"TRAIN.EPOCHS={Epochs}");
            if (BatchSize != null) overrides.Add($"DATA.BATCH_SIZE={BatchSize}");
            if (Minutes != null) overrides.Add($"MOBYNET.MAX_MINUTES={Minutes.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            if (Output != null) overrides.Add(ConfigTree.TextOption("OUTPUT", Output));
            if (Precision != null) overrides.Add(ConfigTree.TextOption("MOBYNET.PRECISION", Precision));
            if (Device != null) overrides.Add(ConfigTree.TextOption("MOBYNET.DEVICE", Device));
            if (Threads > 0) overrides.Add($"MOBYNET.THREADS={Threads}");
            return ConfigTree.Load(Config, overrides.Concat(Opts));
        }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellation)
    {
        settings.Apply();
        var tree = settings.Tree();
        using var world = World.Join();
        try
        {
            return Pretrain(settings, tree, world, cancellation);
        }
        catch (Exception e) when (world.Size > 1)
        {
            // One failed rank would leave the others waiting in a collective: report, then end them all.
            Console.Error.WriteLine($"rank {world.Rank} of {world.Size} failed:");
            world.Abort(CliErrors.Report(e));
            throw;
        }
    }

    private static int Pretrain(Settings settings, ConfigTree tree, ICommunicator world, CancellationToken cancellation)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        // Ctrl-C / SIGTERM: finish the current iteration, write a checkpoint, exit. A second signal kills the process.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => Interrupt(c, stop));
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => Interrupt(c, stop));
        var progress = new ConsoleProgress(settings.Quiet, PretrainRun.PrintFrequency(tree));
        if (world.Rank != 0) // the other ranks report errors only
            return Exit(PretrainRun.Execute(tree, new Observers(), settings.Resume, stop.Token, world));
        var outcome = progress.Show(() => PretrainRun.Execute(tree, progress, settings.Resume, stop.Token, world, new PngPlots(), settings.TensorBoardFolder));
        string directory = PretrainRun.OutputDirectory(tree);
        AnsiConsole.MarkupLineInterpolated(outcome switch
        {
            RunOutcome.Finished => $"[green]Done.[/] Checkpoints, metrics.jsonl and plots are in {directory}",
            RunOutcome.TimeBudgetReached => $"[yellow]Time budget reached.[/] Run the same command again to continue from {directory}",
            _ => $"[yellow]Interrupted.[/] Checkpoint written; run the same command again to continue from {directory}",
        });
        return Exit(outcome);
    }

    private static int Exit(RunOutcome outcome) => outcome == RunOutcome.Interrupted ? 130 : 0;

    private static void Interrupt(PosixSignalContext context, CancellationTokenSource stop)
    {
        if (stop.IsCancellationRequested) return; // second signal: default handling terminates the process
        context.Cancel = true;
        AnsiConsole.MarkupLine("[yellow]Stopping after this iteration and writing a checkpoint (signal again to kill).[/]");
        stop.Cancel();
    }
}
