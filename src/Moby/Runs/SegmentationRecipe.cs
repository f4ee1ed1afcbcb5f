using Moby.Config;
using Moby.Config.Memory;
using Moby.Data;
using Moby.Data.Segmentation;
using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>The objects of a segmentation run from its configuration tree (MOBYNET.SEG.* and the shared run keys).</summary>
internal static class SegmentationRecipe
{
    /// <summary>mmseg's Swin UPerNet recipe trains batches of 16 (8 GPUs x 2) at BASE_LR.</summary>
    private const double ReferenceBatch = 16;

    /// <param name="processes">The processes training together: the learning rate follows the global batch, BATCH_SIZE x processes.</param>
    public static SegmentationSettings Settings(ConfigTree tree, int processes = 1)
    {
        int batch = tree.Int("MOBYNET.SEG.BATCH_SIZE");
        var weights = tree.Doubles("MOBYNET.SEG.CLASS_WEIGHTS");
        return new SegmentationSettings
        {
            Iterations = tree.Int("MOBYNET.SEG.ITERS"), BatchSize = batch,
            Lr = tree.Double("MOBYNET.SEG.BASE_LR") * batch * processes / ReferenceBatch, MinLr = tree.Double("MOBYNET.SEG.MIN_LR"),
            Power = tree.Double("MOBYNET.SEG.POWER"), WarmupIterations = tree.Int("MOBYNET.SEG.WARMUP_ITERS"),
            WarmupRatio = tree.Double("MOBYNET.SEG.WARMUP_RATIO"), WeightDecay = tree.Double("MOBYNET.SEG.WEIGHT_DECAY"),
            LayerDecay = tree.Double("MOBYNET.SEG.LAYER_DECAY"),
            Betas = tree.Doubles("TRAIN.OPTIMIZER.BETAS"), Eps = tree.Double("TRAIN.OPTIMIZER.EPS"),
            AuxiliaryWeight = tree.Double("MOBYNET.SEG.AUX_WEIGHT"),
            ClassWeights = weights.Length == 0 ? null : weights.Select(w => (float)w).ToArray(),
            Seed = tree.Int("SEED"), EvalEvery = tree.Int("MOBYNET.SEG.EVAL_EVERY"), MaxMinutes = tree.Double("MOBYNET.MAX_MINUTES"),
            FitToBudget = tree.Bool("MOBYNET.FIT_TO_BUDGET"),
        };
    }

    public static SegmentationAugmentOptions Augmentation(ConfigTree tree) => new()
    {
        CropSize = tree.Int("MOBYNET.SEG.CROP_SIZE"), ScaleLong = tree.Ints("MOBYNET.SEG.SCALE")[0], ScaleShort = tree.Ints("MOBYNET.SEG.SCALE")[1],
        RatioMin = tree.Doubles("MOBYNET.SEG.RATIO_RANGE")[0], RatioMax = tree.Doubles("MOBYNET.SEG.RATIO_RANGE")[1],
        CatMaxRatio = tree.Double("MOBYNET.SEG.CAT_MAX_RATIO"), FlipP = tree.Double("MOBYNET.SEG.FLIP_P"), Photometric = tree.Bool("MOBYNET.SEG.PHOTOMETRIC"),
    };

    public static SegmentationModelConfig Model(ConfigTree tree, Backbones.Swin.SwinConfig backbone, int numClasses) => new()
    {
        Backbone = backbone, NumClasses = numClasses, Channels = tree.Int("MOBYNET.SEG.CHANNELS"), PoolScales = tree.Ints("MOBYNET.SEG.POOL_SCALES"),
        Dropout = tree.Double("MOBYNET.SEG.DROPOUT"), AuxChannels = tree.Int("MOBYNET.SEG.AUX_CHANNELS"),
        Auxiliary = tree.Double("MOBYNET.SEG.AUX_WEIGHT") > 0,
    };

    /// <summary>The data of MOBYNET.SEG.DATA (or <paramref name="data"/>), one split.</summary>
    public static SegmentationSet Open(ConfigTree tree, string? data, DataSplit split)
    {
        string spec = data ?? tree.String("MOBYNET.SEG.DATA");
        if (spec.Length == 0) throw new ConfigException("MOBYNET.SEG.DATA is empty: name the segmentation data (--data ade20k:/path or segfolder:/path).");
        return SegmentationSource.Parse(spec).Open(split, tree.Bool("MOBYNET.SEG.REDUCE_ZERO_LABEL"),
                                                   new ImageDecodeOptions { MaxPixels = tree.Int("MOBYNET.MAX_IMAGE_PIXELS") });
    }

    /// <summary>The normalisation of a backbone's input: our one-channel recipe's Fashion-MNIST statistics (what it was pre-trained with), ImageNet's for RGB.</summary>
    public static ModelInput Input(int channels) => new(channels == 1 ? ChannelStats.FashionMnist : ChannelStats.ImageNet);

    /// <param name="memory">The run's memory limit: its share for one image bounds the class scores (<see cref="Predictor"/>).</param>
    public static SegmentationEvaluator Evaluator(ConfigTree tree, SegmentationSet set, ModelInput input, MemoryLimit memory) =>
        new(set, Predictor(tree, input, memory), tree.Int("MOBYNET.SEG.BATCH_SIZE"));

    /// <summary>
    /// The test pipeline: TEST_SCALE, and TEST_MODE's whole-image or sliding-window inference (TEST_CROP_SIZE, 0 = CROP_SIZE,
    /// at TEST_STRIDE). Whole-image inference takes inputs up to TEST_MAX_PIXELS; larger ones go through the sliding
    /// window, its stride at most the crop (so that every pixel is covered). The window's crops go through the model
    /// TEST_MAX_PIXELS at a time. The class scores of a batch are bounded by <paramref name="memory"/>'s share for one
    /// image (<see cref="MemoryLimit.PerImage"/>: a quarter of it, at least 2 GiB).
    /// </summary>
    public static SegmentationPredictor Predictor(ConfigTree tree, ModelInput input, MemoryLimit memory)
    {
        var scale = tree.Ints("MOBYNET.SEG.TEST_SCALE");
        int crop = tree.Int("MOBYNET.SEG.TEST_CROP_SIZE") is > 0 and var c ? c : tree.Int("MOBYNET.SEG.CROP_SIZE");
        int stride = tree.Int("MOBYNET.SEG.TEST_STRIDE"), maxPixels = tree.Int("MOBYNET.SEG.TEST_MAX_PIXELS");
        var slide = tree.String("MOBYNET.SEG.TEST_MODE") == "slide" ? new SlidingWindow(crop, stride, maxPixels) : null;
        var bounds = new InferenceBounds(maxPixels, new SlidingWindow(crop, Math.Min(stride, crop), maxPixels), memory.PerImage);
        return new SegmentationPredictor(input, scale[0], scale[1], slide, bounds);
    }
}
