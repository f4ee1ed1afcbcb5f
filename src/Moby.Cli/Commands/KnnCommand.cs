using Moby.Cli.Display;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>moby knn: weighted kNN of a backbone's features, no linear probe, no baselines.</summary>
public sealed class KnnCommand : Command<EvaluationSettings>
{
    public override int Execute(CommandContext context, EvaluationSettings s, CancellationToken cancellation)
    {
        s.Apply();
        var results = EvaluationRun.Execute(s.Weights, s.Model, s.Data, s.CropRatio, s.Output, s.Options() with { Linear = false }, baselines: false, ConsoleProgress.Log);
        AnsiConsole.Write(ResultsTable.Build(results));
        return 0;
    }
}
