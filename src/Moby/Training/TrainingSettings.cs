using Moby.Config;
using Moby.Optim;

namespace Moby.Training;

/// <summary>The pre-training recipe read from the configuration tree (TRAIN.*, DATA.*, MOBYNET.*), learning rates unscaled.</summary>
public sealed record TrainingSettings
{
    public int BatchSize { get; init; } = 64;
    public int Epochs { get; init; } = 300;
    public int WarmupEpochs { get; init; } = 5;
    public double BaseLr { get; init; } = 1e-3;
    public double WarmupLr { get; init; } = 5e-7;
    public double MinLr { get; init; } = 5e-6;
    public double WeightDecay { get; init; } = 0.05;
    public bool ExcludeEmbeddingsFromWeightDecay { get; init; }
    public double[] Betas { get; init; } = [0.9, 0.999];
    public double Eps { get; init; } = 1e-8;
    /// <summary>Clip the total gradient L2 norm to this (0 = no clipping).</summary>
    public double ClipGrad { get; init; } = 5.0;
    /// <summary>Micro-batches per optimizer step (0 or 1 = none).</summary>
    public int AccumulationSteps { get; init; }
    public int Seed { get; init; }
    public int SaveFreq { get; init; } = 1;
    public int KeepCheckpoints { get; init; } = 2;
    public bool AutoResume { get; init; } = true;
    public double MaxMinutes { get; init; }
    public int Threads { get; init; }

    public int Accumulation => Math.Max(AccumulationSteps, 1);

    /// <summary>The recipe of a loaded tree (whose values <see cref="ConfigRules"/> has already checked).</summary>
    public static TrainingSettings From(ConfigTree tree)
    {
        return new TrainingSettings
        {
            BatchSize = tree.Int("DATA.BATCH_SIZE"),
            Epochs = tree.Int("TRAIN.EPOCHS"),
            WarmupEpochs = tree.Int("TRAIN.WARMUP_EPOCHS"),
            BaseLr = tree.Double("TRAIN.BASE_LR"),
            WarmupLr = tree.Double("TRAIN.WARMUP_LR"),
            MinLr = tree.Double("TRAIN.MIN_LR"),
            WeightDecay = tree.Double("TRAIN.WEIGHT_DECAY"),
            ExcludeEmbeddingsFromWeightDecay = tree.Bool("MOBYNET.EXCLUDE_EMBEDDINGS_FROM_WEIGHT_DECAY"),
            Betas = tree.Doubles("TRAIN.OPTIMIZER.BETAS"),
            Eps = tree.Double("TRAIN.OPTIMIZER.EPS"),
            ClipGrad = tree.Double("TRAIN.CLIP_GRAD"),
            AccumulationSteps = tree.Int("TRAIN.ACCUMULATION_STEPS"),
            Seed = tree.Int("SEED"),
            SaveFreq = tree.Int("SAVE_FREQ"),
            KeepCheckpoints = tree.Int("MOBYNET.KEEP_CHECKPOINTS"),
            AutoResume = tree.Bool("TRAIN.AUTO_RESUME"),
            MaxMinutes = tree.Double("MOBYNET.MAX_MINUTES"),
            Threads = tree.Int("MOBYNET.THREADS"),
        };
    }

    /// <summary>Linear scaling as officially: lr x global batch / 512, times the accumulation steps.</summary>
    public double Scale(double lr, int worldSize) => lr * BatchSize * worldSize / 512.0 * Accumulation;

    /// <summary>The per-iteration schedule for a run of <paramref name="stepsPerEpoch"/> optimizer steps per epoch.</summary>
    public CosineSchedule Schedule(long stepsPerEpoch, int worldSize) =>
        new(Scale(BaseLr, worldSize), Scale(WarmupLr, worldSize), Scale(MinLr, worldSize), WarmupEpochs * stepsPerEpoch, Epochs * stepsPerEpoch);
}
