using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Config.Memory;
using Moby.Detection;
using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>The objects of a detection run from its configuration tree (MOBYNET.DET.* and the shared run keys): the model and the training recipe.</summary>
internal static class DetectionRecipe
{
    /// <summary>The Swin Mask R-CNN recipe trains batches of 16 (8 GPUs x 2) at BASE_LR.</summary>
    private const double ReferenceBatch = 16;

    /// <param name="processes">The processes training together: the learning rate follows the global batch, BATCH_SIZE x processes.</param>
    public static DetectionSettings Settings(ConfigTree tree, int processes = 1)
    {
        int batch = tree.Int("MOBYNET.DET.BATCH_SIZE");
        return new DetectionSettings
        {
            Epochs = tree.Int("MOBYNET.DET.EPOCHS"), BatchSize = batch,
            Lr = tree.Double("MOBYNET.DET.BASE_LR") * batch * processes / ReferenceBatch, WeightDecay = tree.Double("MOBYNET.DET.WEIGHT_DECAY"),
            WarmupIterations = tree.Int("MOBYNET.DET.WARMUP_ITERS"), WarmupRatio = tree.Double("MOBYNET.DET.WARMUP_RATIO"),
            Steps = tree.Ints("MOBYNET.DET.STEPS"), Gamma = tree.Double("MOBYNET.DET.GAMMA"),
            Betas = tree.Doubles("TRAIN.OPTIMIZER.BETAS"), Eps = tree.Double("TRAIN.OPTIMIZER.EPS"),
            Seed = tree.Int("SEED"), EvalEvery = tree.Int("MOBYNET.DET.EVAL_EVERY"), MaxMinutes = tree.Double("MOBYNET.MAX_MINUTES"),
            FitToBudget = tree.Bool("MOBYNET.FIT_TO_BUDGET"),
        };
    }

    /// <summary>The detection backbone of a pre-trained Swin: padded, with MOBYNET.DET.WINDOWS and DROP_PATH_RATE.</summary>
    public static SwinConfig Backbone(ConfigTree tree, SwinConfig pretrained)
    {
        var windows = tree.Ints("MOBYNET.DET.WINDOWS");
        return PyramidTransfer.Config(pretrained, windows.Length == 0 ? null : windows, tree.Double("MOBYNET.DET.DROP_PATH_RATE"));
    }

    /// <summary>What the pasted masks of one forward may take: <paramref name="memory"/>'s share for one image (<see cref="MemoryLimit.PerImage"/>).</summary>
    public static MaskBudget Masks(MemoryLimit memory) => new(memory.PerImage);

    public static MaskRCNNConfig Model(ConfigTree tree, SwinConfig backbone, int numClasses) => new()
    {
        Backbone = backbone, NumClasses = numClasses,
        FpnChannels = tree.Int("MOBYNET.DET.FPN_CHANNELS"), ExtraLevels = tree.Int("MOBYNET.DET.EXTRA_LEVELS"),
        AnchorScales = tree.Doubles("MOBYNET.DET.ANCHOR_SCALES"), AnchorRatios = tree.Doubles("MOBYNET.DET.ANCHOR_RATIOS"),
        RpnSamples = tree.Int("MOBYNET.DET.RPN_SAMPLES"), RpnPosFraction = tree.Double("MOBYNET.DET.RPN_POS_FRACTION"),
        TrainProposals = new ProposalSettings(tree.Int("MOBYNET.DET.RPN_PRE_NMS_TRAIN"), tree.Int("MOBYNET.DET.RPN_POST_NMS_TRAIN"), tree.Double("MOBYNET.DET.RPN_NMS_IOU")),
        TestProposals = new ProposalSettings(tree.Int("MOBYNET.DET.RPN_PRE_NMS_TEST"), tree.Int("MOBYNET.DET.RPN_POST_NMS_TEST"), tree.Double("MOBYNET.DET.RPN_NMS_IOU")),
        RoiSamples = tree.Int("MOBYNET.DET.ROI_SAMPLES"), RoiPosFraction = tree.Double("MOBYNET.DET.ROI_POS_FRACTION"),
        FinestScale = tree.Double("MOBYNET.DET.FINEST_SCALE"), BoxFcChannels = tree.Int("MOBYNET.DET.BOX_FC_CHANNELS"),
        MaskChannels = tree.Int("MOBYNET.DET.MASK_CHANNELS"), MaskConvs = tree.Int("MOBYNET.DET.MASK_CONVS"),
        ScoreThr = tree.Double("MOBYNET.DET.SCORE_THR"), NmsIou = tree.Double("MOBYNET.DET.NMS_IOU"),
        MaxPerImg = tree.Int("MOBYNET.DET.MAX_PER_IMG"), MaskThr = tree.Double("MOBYNET.DET.MASK_THR"),
    };
}
