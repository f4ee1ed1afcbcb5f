using System.Diagnostics;
using System.Globalization;
using Moby.Config;
using Moby.Evaluation;
using Moby.Training;

namespace Moby.Runs;

/// <summary>
/// The whole story: pre-train MoBY with the recipe within the budget, evaluate the last checkpoint with kNN and the
/// fast linear probe against the random-init and raw-pixel baselines, and write report.md.
/// </summary>
public static class Quickstart
{
    /// <param name="command">The command line to record in the report.</param>
    /// <param name="plots">Draws the run's and the evaluation's plots, which the report then shows; null: a report without plots.</param>
    public static QuickstartResult Run(QuickstartOptions options, IQuickstartDisplay display, string command, CancellationToken stop = default,
                                       IPlotRenderer? plots = null)
    {
        var tree = Tree(options);
        string run = PretrainRun.OutputDirectory(tree), data = tree.String("MOBYNET.DATA");
        display.PretrainingStarted(data);
        string? tensorboard = options.TensorBoard ?? (tree.Bool("MOBYNET.TENSORBOARD") ? "" : null);
        var clock = Stopwatch.StartNew();
        display.ShowPretraining(PretrainRun.PrintFrequency(tree),
                                observer => PretrainRun.Execute(tree, observer, stop: stop, plots: plots, tensorboard: Under(tensorboard, "pretrain")));
        var pretraining = clock.Elapsed;

        display.EvaluationStarted();
        string weights = Path.Combine(run, PretrainCheckpoint.Latest), eval = EvaluationRun.DefaultOutput(weights);
        var results = EvaluationRun.Execute(weights, null, null, null, eval, new EvaluationOptions(), baselines: true, display.Log, plots,
                                            Under(tensorboard, "eval"));
        return new QuickstartResult(results, RunReport.Write(run, eval, results, command, pretraining, data));
    }

    /// <summary>A named subfolder of a TensorBoard folder given by the user; an empty request (the default folders) stays one.</summary>
    private static string? Under(string? folder, string name) => string.IsNullOrEmpty(folder) ? folder : Path.Combine(folder, name);

    /// <summary>The recipe with the quickstart's length, budget and output, starting afresh.</summary>
    internal static ConfigTree Tree(QuickstartOptions options)
    {
        var overrides = new List<string>
        {
            $"TRAIN.EPOCHS={options.Epochs}", $"MOBYNET.MAX_MINUTES={options.Minutes.ToString(CultureInfo.InvariantCulture)}",
            "MOBYNET.FIT_TO_BUDGET=true", ConfigTree.TextOption("OUTPUT", options.Output), "TRAIN.AUTO_RESUME=false",
        };
        if (options.Epochs <= 2) overrides.Add("TRAIN.WARMUP_EPOCHS=0"); // a one- or two-epoch schedule cannot spend an epoch warming up
        return ConfigTree.Load(options.Config, overrides);
    }
}
