using Moby.Config;
using Moby.Training;

namespace Moby.Runs;

/// <summary>The pre-training recipe (<see cref="TrainingSettings"/>) of a configuration tree.</summary>
internal static class TrainingRecipe
{
    /// <summary>The recipe of the default configuration (defaults.yaml).</summary>
    public static TrainingSettings Defaults => From(ConfigTree.Defaults());

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
            FitToBudget = tree.Bool("MOBYNET.FIT_TO_BUDGET"),
            Threads = tree.Int("MOBYNET.THREADS"),
            Device = tree.String("MOBYNET.DEVICE"),
        };
    }
}
