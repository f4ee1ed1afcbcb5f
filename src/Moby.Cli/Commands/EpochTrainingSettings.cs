using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The options of the commands that train in epochs (pretrain, finetune): the shared training options, --epochs and --fit-schedule.</summary>
public abstract class EpochTrainingSettings : TrainingCommandSettings
{
    [CommandOption("--epochs <N>")]
    [Description("TRAIN.EPOCHS.")]
    public int? Epochs { get; init; }

    [CommandOption("--fit-schedule")]
    [Description("MOBYNET.FIT_TO_BUDGET: shorten the schedule so that it ends within --minutes (from the speed measured in its first tenth) instead of stopping part of the way.")]
    public bool FitSchedule { get; init; }

    public override ValidationResult Validate() => OptionRanges.Check(("--epochs", Epochs, OptionRanges.Of("TRAIN.EPOCHS"))) ?? base.Validate();

    protected override IEnumerable<string> Overrides()
    {
        if (Epochs is not null) yield return $"TRAIN.EPOCHS={Epochs}";
        if (FitSchedule) yield return "MOBYNET.FIT_TO_BUDGET=true";
    }
}
