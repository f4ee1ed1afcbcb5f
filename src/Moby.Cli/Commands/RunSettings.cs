using System.ComponentModel;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>Options of the commands that run training or evaluation: the common ones and where TensorBoard's files go.</summary>
public class RunSettings : CommonSettings
{
    [CommandOption("--tensorboard [DIR]")]
    [Description("Also write the run's scalars (loss, lr, accuracies, ...) as TensorBoard event files to DIR; without DIR, to a " +
                 "'tensorboard' folder beside metrics.jsonl / metrics.json. View them with: tensorboard --logdir runs/")]
    public FlagValue<string> TensorBoard { get; init; } = new();

    /// <summary>As the library takes it: null when not asked, empty for the default folder, else DIR.</summary>
    public string? TensorBoardFolder => TensorBoard.IsSet ? TensorBoard.Value ?? "" : null;
}
