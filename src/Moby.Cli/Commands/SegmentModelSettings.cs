using System.ComponentModel;
using Moby.Config;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>
/// The options of the commands that run a trained segmentation model (segment eval, segment predict): the checkpoint,
/// where and in which precision it computes, whole-image or sliding-window inference, and overrides of the configuration
/// it was trained with.
/// </summary>
public abstract class SegmentModelSettings : CommonSettings
{
    [CommandOption("-w|--weights <CHECKPOINT>")]
    [Description("A checkpoint of moby segment train.")]
    public string Weights { get; init; } = "";

    [CommandOption("--device <DEVICE>")]
    [Description("MOBYNET.DEVICE: cpu (default), cuda or cuda:N (a GPU needs a build with -p:TorchBackend=cuda).")]
    public string? Device { get; init; }

    [CommandOption("--precision <P>")]
    [Description("MOBYNET.PRECISION of the matrix products: auto (default: as the checkpoint trained), fp32 or bf16.")]
    public string? Precision { get; init; }

    [CommandOption("--mode <MODE>")]
    [Description("MOBYNET.SEG.TEST_MODE: whole (the image at once) or slide (crops of MOBYNET.SEG.TEST_CROP_SIZE every TEST_STRIDE pixels, " +
                 "overlapping logits averaged). Default: as the checkpoint's run validated.")]
    public string? Mode { get; init; }

    [CommandOption("--opt <KEY=VALUE>")]
    [Description("Override a key of the configuration stored in the checkpoint, e.g. --opt MOBYNET.SEG.TEST_SCALE=[[128,128]] (repeatable).")]
    public string[] Opts { get; init; } = [];

    /// <summary>The overrides of the checkpoint's configuration: --device, --precision, --mode, then every --opt.</summary>
    public IReadOnlyList<string> Options()
    {
        var options = new List<string>();
        if (Device is not null) options.Add(ConfigTree.TextOption("MOBYNET.DEVICE", Device));
        if (Precision is not null) options.Add(ConfigTree.TextOption("MOBYNET.PRECISION", Precision));
        if (Mode is not null) options.Add(ConfigTree.TextOption("MOBYNET.SEG.TEST_MODE", Mode));
        return [.. options, .. Opts];
    }

    public override ValidationResult Validate() => Weights.Length == 0 ? ValidationResult.Error("--weights is required.") : base.Validate();
}
