using System.ComponentModel;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>The options of the commands that train a model on a pre-trained backbone (segment train, detect train): the
/// backbone checkpoint, or the random-initialisation baseline.</summary>
public abstract class TransferTrainingSettings : TrainingCommandSettings
{
    [CommandOption("-w|--weights <CHECKPOINT>")]
    [Description("Pre-trained backbone: any checkpoint moby reads (MoBY pre-training, official, safetensors).")]
    public string? Weights { get; init; }

    [CommandOption("--from-scratch")]
    [Description("Random initialisation (the baseline): the architecture from --weights when given, else from the config.")]
    public bool FromScratch { get; init; }
}
