using System.ComponentModel;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The options of detect eval and predict: a detection checkpoint.</summary>
public abstract class DetectModelSettings : TransferModelSettings
{
    [CommandOption("-w|--weights <CHECKPOINT>")]
    [Description("A checkpoint of moby detect train.")]
    public override string Weights { get; init; } = "";
}
