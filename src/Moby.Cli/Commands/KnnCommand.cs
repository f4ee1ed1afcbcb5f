using Moby.Evaluation;

namespace Moby.Cli.Commands;

/// <summary>moby knn: weighted kNN of a backbone's features, no linear probe, no baselines.</summary>
public sealed class KnnCommand : EvaluationCommand
{
    protected override EvaluationOptions Options(EvaluationCommandSettings s) => s.Options() with { Linear = false };

    protected override bool Baselines(EvaluationCommandSettings s) => false;
}
