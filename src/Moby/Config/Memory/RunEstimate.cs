using Moby.Backbones;
using Moby.Backbones.Swin;
using Moby.Runs;
using Moby.Segmentation;

namespace Moby.Config.Memory;

/// <summary>
/// The memory a run of a configuration needs, as parts (<see cref="MemoryPart"/>): weights, with their gradients and AdamW's
/// two moments in training (and MoBY's momentum copy), the queues, and the activations of one training batch or one test
/// image. Every number is fp32 (bf16 products keep fp32 weights; their activations would be smaller). Nothing is built.
/// </summary>
internal static class RunEstimate
{
    private const double Float = 4;

    /// <summary>Weight, gradient and AdamW's two moments of each trained weight.</summary>
    private const double Trained = 4 * Float;

    /// <param name="encoder">The backbone, when it does not come from the tree's keys (a pre-trained checkpoint's); then
    /// its parts name no key.</param>
    public static IReadOnlyList<MemoryPart> Of(ConfigTree tree, RunUse use, IBackboneConfig? encoder = null)
    {
        var keys = encoder is null ? new EncoderKeys(tree) : EncoderKeys.None;
        encoder ??= ModelConfigs.Encoder(tree);
        var parts = Parts(tree, use, encoder, keys);
        return parts.Length == 0 ? [] : [Runtime, .. parts];
    }

    /// <summary>What a process holds before any model: the .NET runtime, libtorch and its kernels, the data loader (measured 0.6 to 0.9 GiB).</summary>
    private static readonly MemoryPart Runtime = new("the runtime (.NET, libtorch)", 1L << 30, []);

    private static MemoryPart[] Parts(ConfigTree tree, RunUse use, IBackboneConfig encoder, EncoderKeys keys)
    {
        return use switch
        {
            RunUse.Encoder => Inference(encoder, keys, 1, []),
            RunUse.Features => Inference(encoder, keys, tree.Int("DATA.BATCH_SIZE"), ["DATA.BATCH_SIZE"]),
            RunUse.Pretraining => Pretraining(tree, encoder, keys),
            RunUse.Finetuning => Finetuning(tree, encoder, keys),
            RunUse.SegmentationTraining or RunUse.SegmentationInference => encoder is SwinConfig swin ? Segmentation(tree, swin, keys, use == RunUse.SegmentationTraining) : [],
            RunUse.DetectionTraining or RunUse.DetectionInference => encoder is SwinConfig swin ? Detection(tree, swin, keys, use == RunUse.DetectionTraining) : [],
            _ => throw new ArgumentOutOfRangeException(nameof(use), use, null),
        };
    }

    /// <param name="batchKeys">The key of <paramref name="images"/>, when a key sets it.</param>
    private static MemoryPart[] Inference(IBackboneConfig encoder, EncoderKeys keys, double images, string[] batchKeys) =>
    [
        new("the encoder's weights", BackboneMemory.Parameters(encoder) * Float, keys.Weights),
        new(images == 1 ? "the activations of one image" : "the activations of one batch",
            images * BackboneMemory.InferenceActivations(encoder, encoder.ImgSize, encoder.ImgSize) * Float, [.. batchKeys, "DATA.IMG_SIZE", .. keys.Activations]),
    ];

    private static MemoryPart[] Pretraining(ConfigTree tree, IBackboneConfig encoder, EncoderKeys keys)
    {
        var moby = ModelConfigs.Heads(tree, encoder);
        double features = BackboneMemory.StageWidths(encoder)[^1], batch = tree.Int("DATA.BATCH_SIZE"), queue = moby.QueueSize;
        double projector = HeadMemory.MoBYHead(features, moby, moby.ProjNumLayers), predictor = HeadMemory.MoBYHead(moby.OutDim, moby, moby.PredNumLayers);
        // Per view and image: the online encoder's saved activations, its projector and predictor, the target's projector.
        double perView = BackboneMemory.TrainingActivations(encoder, encoder.ImgSize, encoder.ImgSize)
                         + 2 * HeadMemory.MoBYHeadActivations(moby, moby.ProjNumLayers) + HeadMemory.MoBYHeadActivations(moby, moby.PredNumLayers);
        string[] heads = ["MOBYNET.MOBY.INNER_DIM", "MOBYNET.MOBY.OUT_DIM", "MODEL.MOBY.PROJ_NUM_LAYERS", "MODEL.MOBY.PRED_NUM_LAYERS"];
        return
        [
            // The online encoder trains; its momentum copy (the target) is one more set of weights.
            new("the encoder's weights, gradients, AdamW state and momentum copy", BackboneMemory.Parameters(encoder) * (Trained + Float), keys.Weights),
            new("the projector's and predictor's weights, gradients, AdamW state and momentum copy", projector * (Trained + Float) + predictor * Trained, heads),
            new("the two queues of negatives", 2 * queue * moby.OutDim * Float, ["MODEL.MOBY.CONTRAST_NUM_NEGATIVE", "MOBYNET.MOBY.OUT_DIM"]),
            new("the activations of one training batch (two views)", 2 * batch * perView * Float,
                ["DATA.BATCH_SIZE", "DATA.IMG_SIZE", .. keys.Activations, "MOBYNET.MOBY.INNER_DIM"]),
            // Two losses, each with logits against the queue, their softmax and gradient.
            new("the contrastive logits", 2 * batch * (queue + 1) * 3 * Float, ["DATA.BATCH_SIZE", "MODEL.MOBY.CONTRAST_NUM_NEGATIVE"]),
        ];
    }

    private static MemoryPart[] Finetuning(ConfigTree tree, IBackboneConfig encoder, EncoderKeys keys) =>
    [
        new("the encoder's weights, gradients and AdamW state", BackboneMemory.Parameters(encoder) * Trained, keys.Weights),
        new("the activations of one training batch", tree.Int("DATA.BATCH_SIZE") * BackboneMemory.TrainingActivations(encoder, encoder.ImgSize, encoder.ImgSize) * Float,
            ["DATA.BATCH_SIZE", "DATA.IMG_SIZE", .. keys.Activations]),
    ];

    private static MemoryPart[] Segmentation(ConfigTree tree, SwinConfig encoder, EncoderKeys keys, bool training)
    {
        var windows = tree.Ints("MOBYNET.SEG.WINDOWS");
        var backbone = PyramidTransfer.Config(encoder, windows.Length == 0 ? null : windows, 0);
        var model = SegmentationRecipe.Model(tree, backbone, HeadMemory.SegmentationClasses);
        double heads = HeadMemory.UperNet(model, BackboneMemory.StageWidths(backbone));
        string[] headKeys = ["MOBYNET.SEG.CHANNELS", "MOBYNET.SEG.AUX_CHANNELS", "MOBYNET.SEG.POOL_SCALES"];
        int crop = tree.Int("MOBYNET.SEG.CROP_SIZE");
        if (training)
        {
            double batch = tree.Int("MOBYNET.SEG.BATCH_SIZE");
            return
            [
                new("the backbone's weights, gradients and AdamW state", BackboneMemory.Parameters(backbone) * Trained, keys.Weights),
                new("the heads' weights, gradients and AdamW state", heads * Trained, headKeys),
                new("the backbone's activations of one training batch", batch * BackboneMemory.TrainingActivations(backbone, crop, crop) * Float,
                    ["MOBYNET.SEG.BATCH_SIZE", "MOBYNET.SEG.CROP_SIZE", "MOBYNET.SEG.WINDOWS", .. keys.Activations]),
                new("the heads' activations of one training batch", batch * HeadMemory.UperNetActivations(model, Grid(backbone, crop, crop), crop * (double)crop, true) * Float,
                    ["MOBYNET.SEG.BATCH_SIZE", "MOBYNET.SEG.CROP_SIZE", .. headKeys]),
            ];
        }
        var (height, width) = SegmentationTestImage(tree, crop);
        bool slide = tree.String("MOBYNET.SEG.TEST_MODE") == "slide";
        double window = tree.Int("MOBYNET.SEG.TEST_CROP_SIZE") is > 0 and var c ? c : crop;
        var (rows, columns) = slide ? (Math.Min(window, height), Math.Min(window, width)) : (height, width);
        double activations = BackboneMemory.InferenceActivations(backbone, rows, columns)
                             + HeadMemory.UperNetActivations(model, Grid(backbone, rows, columns), height * width, false);
        return
        [
            new("the model's weights", (BackboneMemory.Parameters(backbone) + heads) * Float, [.. keys.Weights, .. headKeys]),
            new("the activations of one test image", activations * Float,
                ["MOBYNET.SEG.TEST_SCALE", "MOBYNET.SEG.TEST_MODE", "MOBYNET.SEG.TEST_CROP_SIZE", "MOBYNET.SEG.CROP_SIZE", .. headKeys]),
        ];
    }

    /// <summary>The test image: TEST_SCALE's [long, short] bounds; [0, 0] keeps each image's own size, which is not known
    /// before it is read (bounded by MOBYNET.MAX_IMAGE_PIXELS): the training crop stands for it.</summary>
    private static (double Height, double Width) SegmentationTestImage(ConfigTree tree, int crop)
    {
        var scale = tree.Ints("MOBYNET.SEG.TEST_SCALE");
        return scale[0] > 0 && scale[1] > 0 ? (Math.Min(scale[0], scale[1]), Math.Max(scale[0], scale[1])) : (crop, crop);
    }

    private static MemoryPart[] Detection(ConfigTree tree, SwinConfig encoder, EncoderKeys keys, bool training)
    {
        var backbone = DetectionRecipe.Backbone(tree, encoder);
        var model = DetectionRecipe.Model(tree, backbone, HeadMemory.DetectionClasses);
        double heads = model.HeadWeights();
        string[] headKeys = ["MOBYNET.DET.FPN_CHANNELS", "MOBYNET.DET.BOX_FC_CHANNELS", "MOBYNET.DET.MASK_CHANNELS", "MOBYNET.DET.MASK_CONVS"];
        double divisor = tree.Int("MOBYNET.DET.SIZE_DIVISOR");
        double Padded(double side) => Math.Ceiling(side / divisor) * divisor;
        if (training)
        {
            double batch = tree.Int("MOBYNET.DET.BATCH_SIZE");
            double height = Padded(tree.Ints("MOBYNET.DET.SHORT_EDGE")[1]), width = Padded(tree.Ints("MOBYNET.DET.LONG_EDGE")[1]);
            return
            [
                new("the backbone's weights, gradients and AdamW state", BackboneMemory.Parameters(backbone) * Trained, keys.Weights),
                new("the heads' weights, gradients and AdamW state", heads * Trained, headKeys),
                new("the backbone's activations of one training batch", batch * BackboneMemory.TrainingActivations(backbone, height, width) * Float,
                    ["MOBYNET.DET.BATCH_SIZE", "MOBYNET.DET.LONG_EDGE", "MOBYNET.DET.SHORT_EDGE", "MOBYNET.DET.WINDOWS", .. keys.Activations]),
                new("the heads' activations of one training batch", batch * HeadMemory.MaskRcnnActivations(model, Grid(backbone, height, width), height * width, true) * Float,
                    ["MOBYNET.DET.BATCH_SIZE", "MOBYNET.DET.LONG_EDGE", "MOBYNET.DET.SHORT_EDGE", "MOBYNET.DET.ROI_SAMPLES", .. headKeys]),
            ];
        }
        var scale = tree.Ints("MOBYNET.DET.TEST_SCALE");
        double rows = Padded(Math.Min(scale[0], scale[1])), columns = Padded(Math.Max(scale[0], scale[1]));
        double activations = BackboneMemory.InferenceActivations(backbone, rows, columns)
                             + HeadMemory.MaskRcnnActivations(model, Grid(backbone, rows, columns), rows * columns, false);
        return
        [
            new("the model's weights", (BackboneMemory.Parameters(backbone) + heads) * Float, [.. keys.Weights, .. headKeys]),
            new("the activations of one test image", activations * Float,
                ["MOBYNET.DET.TEST_SCALE", "MOBYNET.DET.MAX_PER_IMG", "MOBYNET.DET.RPN_POST_NMS_TEST", .. headKeys]),
        ];
    }

    /// <summary>The positions of the first stage (the finest level of the dense heads) for an image of this size.</summary>
    private static double Grid(SwinConfig backbone, double height, double width) =>
        Math.Ceiling(height / backbone.PatchSize) * Math.Ceiling(width / backbone.PatchSize);
}
