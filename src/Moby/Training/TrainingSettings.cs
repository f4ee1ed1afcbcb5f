using Moby.Optim;

namespace Moby.Training;

/// <summary>
/// The pre-training recipe (the configuration's TRAIN.*, DATA.*, MOBYNET.* keys), learning rates unscaled. Its defaults
/// are those of the configuration (defaults.yaml), the one place they are written: start from
/// <c>TrainingRecipe.Defaults</c> or <c>TrainingRecipe.From(tree)</c> (every property is required) and change what
/// differs with <c>with { ... }</c>.
/// </summary>
internal sealed record TrainingSettings
{
    public required int BatchSize { get; init; }
    public required int Epochs { get; init; }
    public required int WarmupEpochs { get; init; }
    public required double BaseLr { get; init; }
    public required double WarmupLr { get; init; }
    public required double MinLr { get; init; }
    public required double WeightDecay { get; init; }
    public required bool ExcludeEmbeddingsFromWeightDecay { get; init; }
    public required double[] Betas { get; init; }
    public required double Eps { get; init; }
    /// <summary>Clip the total gradient L2 norm to this (0 = no clipping).</summary>
    public required double ClipGrad { get; init; }
    /// <summary>Micro-batches per optimizer step (0 or 1 = none).</summary>
    public required int AccumulationSteps { get; init; }
    public required int Seed { get; init; }
    public required int SaveFreq { get; init; }
    public required int KeepCheckpoints { get; init; }
    public required bool AutoResume { get; init; }
    public required double MaxMinutes { get; init; }
    /// <summary>Shorten the schedule so that it ends within <see cref="MaxMinutes"/> (MOBYNET.FIT_TO_BUDGET, <see cref="ScheduleFit"/>).</summary>
    public required bool FitToBudget { get; init; }
    public required int Threads { get; init; }
    /// <summary>Where the model trains: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c> (MOBYNET.DEVICE).</summary>
    public string Device { get; init; } = "cpu";

    public int Accumulation => Math.Max(AccumulationSteps, 1);

    /// <summary>Linear scaling as officially: lr x global batch / 512, times the accumulation steps.</summary>
    public double Scale(double lr, int worldSize) => lr * BatchSize * worldSize / 512.0 * Accumulation;

    /// <summary>The per-iteration schedule for a run of <paramref name="stepsPerEpoch"/> optimizer steps per epoch.</summary>
    public CosineSchedule Schedule(long stepsPerEpoch, int worldSize) =>
        new(Scale(BaseLr, worldSize), Scale(WarmupLr, worldSize), Scale(MinLr, worldSize), WarmupEpochs * stepsPerEpoch, Epochs * stepsPerEpoch);
}
