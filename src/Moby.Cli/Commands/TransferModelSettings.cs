using System.ComponentModel;
using Moby.Config;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>
/// The options of the commands that run a trained transfer model (segment eval and predict, detect eval and predict):
/// the checkpoint, where and in which precision it computes, and overrides of the configuration it was trained with.
/// </summary>
public abstract class TransferModelSettings : CommonSettings
{
    /// <summary>The checkpoint (each command describes which).</summary>
    public abstract string Weights { get; init; }

    [CommandOption("--device <DEVICE>")]
    [Description("MOBYNET.DEVICE: cpu (default), cuda or cuda:N (a GPU needs a build with -p:TorchBackend=cuda).")]
    public string? Device { get; init; }

    [CommandOption("--precision <P>")]
    [Description("MOBYNET.PRECISION of the matrix products: auto (default: as the checkpoint trained), fp32 or bf16.")]
    public string? Precision { get; init; }

    [CommandOption("--opt <KEY=VALUE>")]
    [Description("Override a key of the configuration stored in the checkpoint, e.g. --opt MOBYNET.SEG.TEST_SCALE=[[128,128]] or " +
                 "--opt MOBYNET.DET.TEST_SCALE=[[64,64]] (repeatable).")]
    public string[] Opts { get; init; } = [];

    /// <summary>The overrides of the checkpoint's configuration: --device, --precision, the command's own, then every --opt.</summary>
    public IReadOnlyList<string> Options()
    {
        var options = new List<string>();
        if (Device is not null) options.Add(ConfigTree.TextOption("MOBYNET.DEVICE", Device));
        if (Precision is not null) options.Add(ConfigTree.TextOption("MOBYNET.PRECISION", Precision));
        return [.. options, .. CommandOptions(), .. Opts];
    }

    /// <summary>The overrides the command's own options stand for.</summary>
    protected virtual IEnumerable<string> CommandOptions() => [];

    public override ValidationResult Validate() => Weights.Length == 0 ? ValidationResult.Error("--weights is required.") : base.Validate();
}
