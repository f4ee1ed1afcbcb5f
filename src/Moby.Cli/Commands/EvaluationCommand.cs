using Moby.Cli.Display;
using Moby.Evaluation;
using Moby.Reporting;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>evaluate and knn: one <see cref="EvaluationRun"/>, shown as the results table; they differ in what they measure.</summary>
public abstract class EvaluationCommand : Command<EvaluationCommandSettings>
{
    protected abstract EvaluationOptions Options(EvaluationCommandSettings s);

    protected abstract bool Baselines(EvaluationCommandSettings s);

    public override int Execute(CommandContext context, EvaluationCommandSettings s, CancellationToken cancellation)
    {
        s.Apply();
        var results = EvaluationRun.Execute(s.Weights, s.Model, s.Data, s.CropRatio, s.Output, Options(s), Baselines(s), ConsoleProgress.Log, new PngPlots(),
                                            s.TensorBoardFolder);
        AnsiConsole.Write(ResultsTable.Build(results));
        return 0;
    }
}
