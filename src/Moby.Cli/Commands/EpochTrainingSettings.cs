using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The options of the commands that train in epochs (pretrain, finetune): the shared training options and --epochs.</summary>
public abstract class EpochTrainingSettings : TrainingCommandSettings
{
    [CommandOption("--epochs <N>")]
    [Description("TRAIN.EPOCHS.")]
    public int? Epochs { get; init; }
    public override ValidationResult Validate() => OptionRanges.Check(("--epochs", Epochs, OptionRanges.Of("TRAIN.EPOCHS"))) ?? base.Validate();

    protected override IEnumerable<string> Overrides() => Epochs is null ? [] : [$"TRAIN.EPOCHS={Epochs}"];
}
