using Moby.Evaluation;

namespace Moby.Cli.Commands;

/// <summary>moby evaluate: kNN and fast linear evaluation of a backbone, with the random-init and raw-pixel baselines.</summary>
public sealed class EvaluateCommand : EvaluationCommand
{
    protected override EvaluationOptions Options(EvaluationCommandSettings s) => s.Options();

    protected override bool Baselines(EvaluationCommandSettings s) => !s.NoBaselines;
}
