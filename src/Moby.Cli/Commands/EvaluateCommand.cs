using Moby.Cli.Display;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>moby evaluate: kNN and fast linear evaluation of a backbone, with the random-init and raw-pixel baselines.</summary>
public sealed class EvaluateCommand : Command<EvaluationSettings>
{
    public override int Execute(CommandContext context, EvaluationSettings s, CancellationToken cancellation)
    {
        s.Apply();
        var results = EvaluationRun.Execute(s.Weights, s.Model, s.Data, s.CropRatio, s.Output, s.Options(), baselines: !s.NoBaselines, ConsoleProgress.Log);
        AnsiConsole.Write(ResultsTable.Build(results));
        return 0;
    }
}
