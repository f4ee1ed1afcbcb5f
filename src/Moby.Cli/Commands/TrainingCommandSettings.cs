using System.ComponentModel;
using System.Globalization;
using Moby.Config;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>
/// The options of every command that trains (pretrain, finetune, segment train, detect train): a YAML recipe, overrides, the
/// data, the batch, the budget and fitting the schedule to it, precision and device, the run folder and resuming; and the one place that turns them into the
/// configuration tree. A command names the keys its data and batch stand for.
/// </summary>
public abstract class TrainingCommandSettings : RunSettings
{
    /// <summary>The recipe used when --config is not given.</summary>
    protected abstract string DefaultConfig { get; }

    /// <summary>The key --data sets.</summary>
    protected virtual string DataKey => "MOBYNET.DATA";

    /// <summary>The key --batch-size sets.</summary>
    protected virtual string BatchSizeKey => "DATA.BATCH_SIZE";

    [CommandOption("-c|--config <FILE>")]
    [Description("YAML config (official keys, BASE inheritance). Default: our Fashion-MNIST recipe for the command.")]
    public string? Config { get; init; }

    [CommandOption("--opt <KEY=VALUE>")]
    [Description("Override any config key, e.g. --opt TRAIN.EPOCHS=10 (repeatable).")]
    public string[] Opts { get; init; } = [];

    [CommandOption("--data <SOURCE>")]
    [Description("Data source: MOBYNET.DATA (fashion-mnist, cifar10:/path, imagefolder:/path, folder:/path, synthetic, ...); " +
                 "for segment train MOBYNET.SEG.DATA (ade20k:/path or segfolder:/path), for detect train MOBYNET.DET.DATA (coco:/path).")]
    public string? Data { get; init; }

    [CommandOption("--batch-size <N>")]
    [Description("Images per batch and process: DATA.BATCH_SIZE (MOBYNET.SEG.BATCH_SIZE for segment train, MOBYNET.DET.BATCH_SIZE for detect train); under mpirun the global batch is N times this.")]
    public int? BatchSize { get; init; }

    [CommandOption("--minutes <M>")]
    [Description("Stop after M minutes of training and checkpoint (resume later with the same command).")]
    public double? Minutes { get; init; }

    [CommandOption("--fit-schedule")]
    [Description("MOBYNET.FIT_TO_BUDGET: shorten the schedule so that it ends within --minutes (from the speed measured in its first tenth) instead of stopping part of the way.")]
    public bool FitSchedule { get; init; }

    [CommandOption("--precision <P>")]
    [Description("MOBYNET.PRECISION: auto (default: bf16 where the CPU has bf16 units, else fp32; a resumed run keeps its checkpoint's), fp32 or bf16 matrix products (float32 master weights).")]
    public string? Precision { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("MOBYNET.DEVICE: cpu, cuda or cuda:N (a GPU needs a build with -p:TorchBackend=cuda).")]
    public string? Device { get; init; }

    [CommandOption("-o|--output <DIR>")]
    [Description("OUTPUT: the folder of the run folders, OUTPUT/MODEL.NAME/TAG (OUTPUT/segment/TAG for segment train, OUTPUT/detect/TAG for detect train); default runs.")]
    public string? Output { get; init; }

    [CommandOption("--tag <TAG>")]
    [Description("TAG: the run folder's name (finetune names a 'default' tag after the labels, e.g. 10pct).")]
    public string? Tag { get; init; }

    [CommandOption("--resume <FILE>")]
    [Description("Resume from this checkpoint (default: the run folder's checkpoint.pth when TRAIN.AUTO_RESUME).")]
    public string? Resume { get; init; }

    [CommandOption("-q|--quiet")]
    [Description("Plain log lines instead of the live progress display.")]
    public bool Quiet { get; init; }

    public override ValidationResult Validate() => OptionRanges.Check(
        ("--batch-size", BatchSize, OptionRanges.Of(BatchSizeKey)), ("--minutes", Minutes, OptionRanges.Of("MOBYNET.MAX_MINUTES"))) ?? base.Validate();

    /// <summary>The command's own shortcut options, as KEY=VALUE overrides.</summary>
    protected virtual IEnumerable<string> Overrides() => [];

    /// <summary>The config file, then the shortcut options, then every --opt (last wins).</summary>
    public ConfigTree Tree()
    {
        var overrides = new List<string>();
        if (Data != null) overrides.Add(ConfigTree.TextOption(DataKey, Data));
        if (BatchSize != null) overrides.Add($"{BatchSizeKey}={BatchSize}");
        if (Minutes != null) overrides.Add($"MOBYNET.MAX_MINUTES={Minutes.Value.ToString(CultureInfo.InvariantCulture)}");
        if (FitSchedule) overrides.Add("MOBYNET.FIT_TO_BUDGET=true");
        if (Output != null) overrides.Add(ConfigTree.TextOption("OUTPUT", Output));
        if (Tag != null) overrides.Add(ConfigTree.TextOption("TAG", Tag));
        if (Precision != null) overrides.Add(ConfigTree.TextOption("MOBYNET.PRECISION", Precision));
        if (Device != null) overrides.Add(ConfigTree.TextOption("MOBYNET.DEVICE", Device));
        if (Threads > 0) overrides.Add($"MOBYNET.THREADS={Threads}");
        return ConfigTree.Load(Config ?? DefaultConfig, overrides.Concat(Overrides()).Concat(Opts));
    }
}
