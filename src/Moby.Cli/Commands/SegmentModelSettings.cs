using System.ComponentModel;
using Moby.Config;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The options of segment eval and predict: a segmentation checkpoint, and whole-image or sliding-window inference.</summary>
public abstract class SegmentModelSettings : TransferModelSettings
{
    [CommandOption("-w|--weights <CHECKPOINT>")]
    [Description("A checkpoint of moby segment train.")]
    public override string Weights { get; init; } = "";

    [CommandOption("--mode <MODE>")]
    [Description("MOBYNET.SEG.TEST_MODE: whole (the image at once) or slide (crops of MOBYNET.SEG.TEST_CROP_SIZE every TEST_STRIDE pixels, " +
                 "overlapping logits averaged). Default: as the checkpoint's run validated.")]
    public string? Mode { get; init; }

    protected override IEnumerable<string> CommandOptions() => Mode is null ? [] : [ConfigTree.TextOption("MOBYNET.SEG.TEST_MODE", Mode)];
}
