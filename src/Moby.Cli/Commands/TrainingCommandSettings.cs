using System.ComponentModel;
using System.Globalization;
using Moby.Config;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The options of the commands that train (pretrain, finetune): a YAML recipe, overrides, the data, the budget, the output folder and resuming.</summary>
public abstract class TrainingCommandSettings : RunSettings
{
    /// <summary>The recipe used when --config is not given.</summary>
    protected abstract string DefaultConfig { get; }

    [CommandOption("-c|--config <FILE>")]
    [Description("YAML config (official keys, BASE inheritance). Default: our Fashion-MNIST recipe for the command.")]
    public string? Config { get; init; }

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

    /// <summary>The command's own shortcut options, as KEY=VALUE overrides.</summary>
    protected virtual IEnumerable<string> Overrides() => [];

    /// <summary>The config file, then the shortcut options, then every --opt (last wins).</summary>
    public ConfigTree Tree()
    {
        var overrides = new List<string>();
        if (Data != null) overrides.Add(ConfigTree.TextOption("MOBYNET.DATA", Data));
        if (Epochs != null) overrides.Add($"TRAIN.EPOCHS={Epochs}");
        if (BatchSize != null) overrides.Add($"DATA.BATCH_SIZE={BatchSize}");
        if (Minutes != null) overrides.Add($"MOBYNET.MAX_MINUTES={Minutes.Value.ToString(CultureInfo.InvariantCulture)}");
        if (Output != null) overrides.Add(ConfigTree.TextOption("OUTPUT", Output));
        if (Precision != null) overrides.Add(ConfigTree.TextOption("MOBYNET.PRECISION", Precision));
        if (Device != null) overrides.Add(ConfigTree.TextOption("MOBYNET.DEVICE", Device));
        if (Threads > 0) overrides.Add($"MOBYNET.THREADS={Threads}");
        return ConfigTree.Load(Config ?? DefaultConfig, overrides.Concat(Overrides()).Concat(Opts));
    }
}
