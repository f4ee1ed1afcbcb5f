using static Moby.Config.ConfigRule;
using static Moby.Config.ValueRange;

namespace Moby.Config;

/// <summary>
/// The allowed values of every key the library reads, checked once when a configuration is loaded, so a bad value
/// stops the run before it starts instead of training a diverging model or allocating without bound. The upper
/// limits are far above any real recipe; they only keep a typo or a crafted file from asking for terabytes.
/// docs/configuration.md lists the same table (a test keeps the two in step).
/// </summary>
internal static class ConfigRules
{
    private const int MaxStages = 8;

    /// <summary>Checked in order: lists keep their shape before the rules that compare their items.</summary>
    public static IReadOnlyList<ConfigRule> All { get; } =
    [
        FolderName("MODEL.NAME"),
        FolderName("TAG"),
        Number("DATA.BATCH_SIZE", Between(1, 65536)),
        Number("DATA.IMG_SIZE", Between(1, 4096)),

        Number("MODEL.SWIN.PATCH_SIZE", Between(1, 256)),
        Number("MODEL.SWIN.IN_CHANS", Between(1, 64)),
        Number("MODEL.SWIN.EMBED_DIM", Between(1, 16384)),
        List("MODEL.SWIN.DEPTHS", 1, MaxStages, Between(1, 64)),
        List("MODEL.SWIN.NUM_HEADS", 1, MaxStages, Between(1, 1024)),
        Number("MODEL.SWIN.WINDOW_SIZE", Between(1, 256)),
        Number("MODEL.SWIN.MLP_RATIO", new(0, 64, MinOpen: true)),
        Number("MOBYNET.VIT.IN_CHANS", Between(1, 64)),
        Number("MOBYNET.VIT.PATCH_SIZE", Between(1, 256)),
        Number("MOBYNET.VIT.EMBED_DIM", Between(1, 16384)),
        Number("MOBYNET.VIT.DEPTH", Between(1, 256)),
        Number("MOBYNET.VIT.NUM_HEADS", Between(1, 1024)),
        Number("MOBYNET.VIT.MLP_RATIO", new(0, 64, MinOpen: true)),
        OneOf("MOBYNET.VIT.GLOBAL_POOL", "token", "avg"),

        Number("MODEL.MOBY.CONTRAST_MOMENTUM", Probability),
        Number("MODEL.MOBY.CONTRAST_TEMPERATURE", new(0, 100, MinOpen: true)),
        Number("MODEL.MOBY.CONTRAST_NUM_NEGATIVE", Between(1, 1 << 20)),
        Number("MODEL.MOBY.ONLINE_DROP_PATH_RATE", Fraction),
        Number("MODEL.MOBY.TARGET_DROP_PATH_RATE", Fraction),
        Number("MODEL.MOBY.PROJ_NUM_LAYERS", Between(0, 16)),
        Number("MODEL.MOBY.PRED_NUM_LAYERS", Between(0, 16)),
        Number("MOBYNET.MOBY.INNER_DIM", Between(1, 65536)),
        Number("MOBYNET.MOBY.OUT_DIM", Between(1, 65536)),

        Number("TRAIN.EPOCHS", Between(1, 100_000)),
        Number("TRAIN.WARMUP_EPOCHS", Between(0, 100_000)),
        Number("TRAIN.BASE_LR", Positive),
        Number("TRAIN.WARMUP_LR", AtLeast(0)),
        Number("TRAIN.MIN_LR", AtLeast(0)),
        Number("TRAIN.WEIGHT_DECAY", AtLeast(0)),
        Number("TRAIN.CLIP_GRAD", AtLeast(0)),
        Number("TRAIN.ACCUMULATION_STEPS", Between(0, 1024)),
        OneOf("TRAIN.OPTIMIZER.NAME", "adamw"),
        List("TRAIN.OPTIMIZER.BETAS", 2, 2, Fraction),
        Number("TRAIN.OPTIMIZER.EPS", new(0, 1, MinOpen: true)),
        OneOf("TRAIN.LR_SCHEDULER.NAME", "cosine"),

        Number("SAVE_FREQ", Between(1, 100_000)),
        Number("PRINT_FREQ", Between(1, 1_000_000)),
        Number("MOBYNET.KEEP_CHECKPOINTS", Between(1, 1000)),
        Number("MOBYNET.MAX_MINUTES", AtLeast(0)),
        Number("MOBYNET.THREADS", Between(0, 1024)),
        Number("MOBYNET.WORKERS", Between(0, 1024)),
        Number("MOBYNET.MAX_IMAGE_PIXELS", Between(1, int.MaxValue)),
        Number("MOBYNET.KNN_EVERY", Between(0, 100_000)),
        Number("MOBYNET.KNN_BANK_SAMPLES", Between(1, 10_000_000)),
        Number("MOBYNET.KNN_QUERY_SAMPLES", Between(1, 10_000_000)),
        Number("MOBYNET.EVAL_CROP_RATIO", new(0, 1, MinOpen: true)),

        Number("AUG.SSL_AUG_CROP", new(0, 1, MinOpen: true)),
        Number("MOBYNET.AUG.CROP_SCALE_MAX", new(0, 1, MinOpen: true)),
        AtMost("AUG.SSL_AUG_CROP", "MOBYNET.AUG.CROP_SCALE_MAX"),
        List("MOBYNET.AUG.CROP_RATIO", 2, 2, Positive),
        Ascending("MOBYNET.AUG.CROP_RATIO"),
        List("MOBYNET.AUG.FLIP_P", 2, 2, Probability),
        List("MOBYNET.AUG.COLOR_JITTER_P", 2, 2, Probability),
        List("MOBYNET.AUG.GRAYSCALE_P", 2, 2, Probability),
        List("MOBYNET.AUG.BLUR_P", 2, 2, Probability),
        List("MOBYNET.AUG.SOLARIZE_P", 2, 2, Probability),
        Number("MOBYNET.AUG.BRIGHTNESS", AtLeast(0)),
        Number("MOBYNET.AUG.CONTRAST", AtLeast(0)),
        Number("MOBYNET.AUG.SATURATION", AtLeast(0)),
        Number("MOBYNET.AUG.HUE", Between(0, 0.5)),
        List("MOBYNET.AUG.BLUR_SIGMA", 2, 2, Positive),
        Ascending("MOBYNET.AUG.BLUR_SIGMA"),

        Number("MOBYNET.SEG.ITERS", Between(1, 10_000_000)),
        Number("MOBYNET.SEG.BATCH_SIZE", Between(1, 65536)),
        Number("MOBYNET.SEG.BASE_LR", Positive),
        Number("MOBYNET.SEG.MIN_LR", AtLeast(0)),
        Number("MOBYNET.SEG.POWER", AtLeast(0)),
        Number("MOBYNET.SEG.WARMUP_ITERS", Between(0, 10_000_000)),
        Number("MOBYNET.SEG.WARMUP_RATIO", Probability),
        Number("MOBYNET.SEG.WEIGHT_DECAY", AtLeast(0)),
        Number("MOBYNET.SEG.LAYER_DECAY", new(0, 1, MinOpen: true)),
        Number("MOBYNET.SEG.CROP_SIZE", Between(1, 4096)),
        List("MOBYNET.SEG.SCALE", 2, 2, Between(1, 16384)),
        List("MOBYNET.SEG.RATIO_RANGE", 2, 2, new(0, 16, MinOpen: true)),
        Ascending("MOBYNET.SEG.RATIO_RANGE"),
        Number("MOBYNET.SEG.CAT_MAX_RATIO", new(0, 1, MinOpen: true)),
        Number("MOBYNET.SEG.FLIP_P", Probability),
        List("MOBYNET.SEG.TEST_SCALE", 2, 2, Between(0, 16384)),
        OneOf("MOBYNET.SEG.TEST_MODE", "whole", "slide"),
        Number("MOBYNET.SEG.TEST_CROP_SIZE", Between(0, 4096)),
        Number("MOBYNET.SEG.TEST_STRIDE", Between(1, 4096)),
        Number("MOBYNET.SEG.TEST_MAX_PIXELS", Between(1, int.MaxValue)),
        Number("MOBYNET.SEG.CHANNELS", Between(1, 16384)),
        List("MOBYNET.SEG.POOL_SCALES", 1, 8, Between(1, 64)),
        Number("MOBYNET.SEG.DROPOUT", Fraction),
        Number("MOBYNET.SEG.AUX_CHANNELS", Between(1, 16384)),
        Number("MOBYNET.SEG.AUX_WEIGHT", AtLeast(0)),
        Number("MOBYNET.SEG.DROP_PATH_RATE", Fraction),
        List("MOBYNET.SEG.WINDOWS", 0, MaxStages, Between(1, 256)),
        List("MOBYNET.SEG.CLASS_WEIGHTS", 0, 254, AtLeast(0)),
        Number("MOBYNET.SEG.EVAL_EVERY", Between(1, 100_000)),
        Number("MOBYNET.SEG.PREDICTIONS", Between(0, 1000)),
        List("MOBYNET.DET.LONG_EDGE", 2, 2, Between(1, 16384)),
        Ascending("MOBYNET.DET.LONG_EDGE"),
        List("MOBYNET.DET.SHORT_EDGE", 2, 2, Between(1, 16384)),
        Ascending("MOBYNET.DET.SHORT_EDGE"),
        Number("MOBYNET.DET.FLIP_P", Probability),
        List("MOBYNET.DET.TEST_SCALE", 2, 2, Between(1, 16384)),
        Number("MOBYNET.DET.SIZE_DIVISOR", Between(1, 1024)),
        Number("MOBYNET.DET.FPN_CHANNELS", Between(1, 16384)),
        Number("MOBYNET.DET.EXTRA_LEVELS", Between(0, 4)),
        List("MOBYNET.DET.ANCHOR_SCALES", 1, 16, new(0, 1024, MinOpen: true)),
        List("MOBYNET.DET.ANCHOR_RATIOS", 1, 16, new(0, 64, MinOpen: true)),
        Number("MOBYNET.DET.RPN_SAMPLES", Between(1, 1_000_000)),
        Number("MOBYNET.DET.RPN_POS_FRACTION", Probability),
        Number("MOBYNET.DET.RPN_PRE_NMS_TRAIN", Between(1, 1_000_000)),
        Number("MOBYNET.DET.RPN_POST_NMS_TRAIN", Between(1, 1_000_000)),
        Number("MOBYNET.DET.RPN_PRE_NMS_TEST", Between(1, 1_000_000)),
        Number("MOBYNET.DET.RPN_POST_NMS_TEST", Between(1, 1_000_000)),
        Number("MOBYNET.DET.RPN_NMS_IOU", Probability),
        Number("MOBYNET.DET.ROI_SAMPLES", Between(1, 1_000_000)),
        Number("MOBYNET.DET.ROI_POS_FRACTION", Probability),
        Number("MOBYNET.DET.FINEST_SCALE", new(0, 65536, MinOpen: true)),
        Number("MOBYNET.DET.BOX_FC_CHANNELS", Between(1, 65536)),
        Number("MOBYNET.DET.MASK_CHANNELS", Between(1, 16384)),
        Number("MOBYNET.DET.MASK_CONVS", Between(0, 32)),
        Number("MOBYNET.DET.SCORE_THR", Probability),
        Number("MOBYNET.DET.NMS_IOU", Probability),
        Number("MOBYNET.DET.MAX_PER_IMG", Between(1, 100_000)),
        Number("MOBYNET.DET.MASK_THR", Between(-1, 1)),
        Number("MOBYNET.DET.DROP_PATH_RATE", Fraction),
        List("MOBYNET.DET.WINDOWS", 0, MaxStages, Between(1, 256)),
        Number("MOBYNET.DET.BATCH_SIZE", Between(1, 65536)),
        Number("MOBYNET.DET.EPOCHS", Between(1, 100_000)),
        Number("MOBYNET.DET.BASE_LR", Positive),
        Number("MOBYNET.DET.WEIGHT_DECAY", AtLeast(0)),
        Number("MOBYNET.DET.WARMUP_ITERS", Between(0, 10_000_000)),
        Number("MOBYNET.DET.WARMUP_RATIO", Probability),
        List("MOBYNET.DET.STEPS", 0, 16, Between(1, 100_000)),
        Increasing("MOBYNET.DET.STEPS"),
        Number("MOBYNET.DET.GAMMA", new(0, 1, MinOpen: true)),
        Number("MOBYNET.DET.EVAL_EVERY", Between(1, 100_000)),
        Number("MOBYNET.DET.PREDICTIONS", Between(0, 1000)),
        Number("MODEL.DROP_PATH_RATE", Fraction),
        Number("MODEL.LABEL_SMOOTHING", Fraction),
        Number("AUG.MIXUP", AtLeast(0)),
        Number("AUG.CUTMIX", AtLeast(0)),
        Number("AUG.MIXUP_PROB", Probability),
        Number("AUG.MIXUP_SWITCH_PROB", Probability),
        Matches("FINETUNE.LABELS", Data.LabelFraction.Expected, text => Data.LabelFraction.TryParse(text, out _)),
        Number("FINETUNE.HELD_OUT", Between(0, 10_000_000)),
        Number("FINETUNE.HELD_OUT_EVERY", Between(1, 100_000)),
        Number("FINETUNE.LAYER_DECAY", new(0, 1, MinOpen: true)),
        List("FINETUNE.CROP_SCALE", 2, 2, new(0, 1, MinOpen: true)),
        Ascending("FINETUNE.CROP_SCALE"),
        Number("FINETUNE.FLIP_P", Probability),
    ];

    /// <summary>The allowed range of a single-number key (for command-line options that set it).</summary>
    public static ValueRange RangeOf(string key) =>
        All.FirstOrDefault(r => r.Key == key && r.Range != null)?.Range ?? throw new ArgumentException($"No range rule for {key}.");

    /// <summary>
    /// Throws for the first rule the tree breaks, naming where the value came from (for a relation whose key kept
    /// its default, where the other key was set), the key, the rule and the value.
    /// </summary>
    public static void Check(ConfigTree tree)
    {
        foreach (var rule in All)
        {
            if (rule.Holds(tree)) continue;
            string origin = tree.Origin(rule.Key);
            if (rule.Other != null && origin == ConfigTree.DefaultOrigin) origin = tree.Origin(rule.Other);
            throw new ConfigException($"{origin}: '{rule.Key}' must be {rule.Expected}, got {tree.Show(rule.Key)}" +
                                      (rule.Other is null ? "." : $" ({rule.Other} is {tree.Show(rule.Other)})."));
        }
        // Every key in range, their product may still be terabytes: the encoder must at least hold one image here.
        Memory.RunMemory.CheckEncoder(tree);
    }
}
