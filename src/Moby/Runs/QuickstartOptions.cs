namespace Moby.Runs;

/// <summary>What the quickstart runs: a recipe, the pre-training budget and length, the output folder, TensorBoard's folder.</summary>
public sealed record QuickstartOptions
{
    // Constants, so that the command line's defaults are these.
    /// <summary>The default of <see cref="Config"/>.</summary>
    public const string DefaultConfig = "configs/moby_swin_fmnist_quick.yaml";
    /// <summary>The default of <see cref="Minutes"/>.</summary>
    public const double DefaultMinutes = 10;
    /// <summary>The default of <see cref="Epochs"/>.</summary>
    public const int DefaultEpochs = 3;
    /// <summary>The default of <see cref="Output"/>.</summary>
    public const string DefaultOutput = "runs/quickstart";

    /// <summary>The pre-training recipe: a YAML configuration file.</summary>
    public string Config { get; init; } = DefaultConfig;
    /// <summary>Pre-training time budget (the run stops and checkpoints when it is spent).</summary>
    public double Minutes { get; init; } = DefaultMinutes;
    /// <summary>Pre-training epochs (the schedule's length): 3 fit the 10-minute budget on 2 cores.</summary>
    public int Epochs { get; init; } = DefaultEpochs;
    /// <summary>The folder for the run, the evaluation and report.md.</summary>
    public string Output { get; init; } = DefaultOutput;
    /// <summary>TensorBoard event files: in this folder (pre-training in pretrain/, evaluation in eval/); empty: in the run
    /// folder's and its eval folder's 'tensorboard'; null: there when the recipe's MOBYNET.TENSORBOARD is true.</summary>
    public string? TensorBoard { get; init; }
}
