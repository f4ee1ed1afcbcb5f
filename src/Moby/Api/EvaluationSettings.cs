using Moby.Evaluation;

namespace Moby;

/// <summary>How <see cref="BackboneEvaluation"/> fits and scores; the defaults are the protocol of <c>moby evaluate</c>.</summary>
public sealed record EvaluationSettings
{
    /// <summary>Neighbours that vote in kNN.</summary>
    public int K { get; init; } = EvaluationOptions.DefaultK;

    /// <summary>Temperature of the kNN votes' weights, exp(similarity / T).</summary>
    public double Temperature { get; init; } = EvaluationOptions.DefaultTemperature;

    /// <summary>Epochs of the linear probe, for each learning rate and weight decay it tries.</summary>
    public int LinearEpochs { get; init; } = EvaluationOptions.DefaultLinearEpochs;

    /// <summary>0: fit on the train split, score on the test split. Otherwise score on this fraction of the train
    /// split and fit on the rest, to tune without looking at the test split.</summary>
    public double HoldOut { get; init; }

    /// <summary>Images per forward pass.</summary>
    public int BatchSize { get; init; } = EvaluationOptions.DefaultBatchSize;

    /// <summary>Seed of the linear probe.</summary>
    public int Seed { get; init; }
}
