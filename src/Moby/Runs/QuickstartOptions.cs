namespace Moby.Runs;

/// <summary>What the quickstart runs: a recipe, the pre-training budget and length, the output folder.</summary>
public sealed record QuickstartOptions
{
    public string Config { get; init; } = "configs/moby_swin_fmnist.yaml";
    /// <summary>Pre-training time budget (the run stops and checkpoints when it is spent).</summary>
    public double Minutes { get; init; } = 10;
    /// <summary>Pre-training epochs (the schedule's length): 2 fit the 10-minute budget on 2 cores.</summary>
    public int Epochs { get; init; } = 2;
    public string Output { get; init; } = "runs/quickstart";
}
