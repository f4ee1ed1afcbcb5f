using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Config.Memory;
using Moby.Detection;
using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>
/// The memory estimates of segmentation and detection runs (<see cref="MemoryEstimate"/>): the padded backbone and the
/// heads that MOBYNET.SEG / MOBYNET.DET describe, trained on one batch or run on one test image. The class count comes
/// with the data, not the configuration: <see cref="SegmentationClasses"/> and <see cref="DetectionClasses"/> (ADE20K's
/// and COCO's) stand for it.
/// </summary>
internal static class DenseRunMemory
{
    public const int SegmentationClasses = 150, DetectionClasses = 80;
    private const double Float = MemoryEstimate.Float, Trained = MemoryEstimate.Trained;
    private static readonly string[] SegmentationHeads = ["MOBYNET.SEG.CHANNELS", "MOBYNET.SEG.AUX_CHANNELS", "MOBYNET.SEG.POOL_SCALES"];
    private static readonly string[] DetectionHeads = ["MOBYNET.DET.FPN_CHANNELS", "MOBYNET.DET.BOX_FC_CHANNELS", "MOBYNET.DET.MASK_CHANNELS", "MOBYNET.DET.MASK_CONVS"];

    /// <param name="encoder">The pre-trained Swin when the tree's keys do not describe it, and <paramref name="source"/> its file.</param>
    public static MemoryEstimate Segmentation(bool training, SwinConfig? encoder = null, string? source = null) =>
        new(training ? "segmentation training" : "segmentation of one image", tree => Segmentation(tree, training, encoder), source);

    /// <param name="encoder">The pre-trained Swin when the tree's keys do not describe it, and <paramref name="source"/> its file.</param>
    public static MemoryEstimate Detection(bool training, SwinConfig? encoder = null, string? source = null) =>
        new(training ? "detection training" : "detection on one image", tree => Detection(tree, training, encoder), source);

    /// <summary>The backbone and its keys: the given one (no key sizes it), or the tree's Swin; none for another encoder (the run refuses it).</summary>
    private static (SwinConfig? Swin, EncoderKeys Keys) Backbone(ConfigTree tree, SwinConfig? given) =>
        given is not null ? (given, EncoderKeys.None) : (ModelConfigs.Encoder(tree) as SwinConfig, new EncoderKeys(tree));

    private static IReadOnlyList<MemoryPart> Segmentation(ConfigTree tree, bool training, SwinConfig? given)
    {
        var (encoder, keys) = Backbone(tree, given);
        if (encoder is null) return [];
        var windows = tree.Ints("MOBYNET.SEG.WINDOWS");
        var backbone = PyramidTransfer.Config(encoder, windows.Length == 0 ? null : windows, 0);
        var model = SegmentationRecipe.Model(tree, backbone, SegmentationClasses);
        double heads = UperNetMemory.Weights(model, BackboneMemory.StageWidths(backbone));
        int crop = tree.Int("MOBYNET.SEG.CROP_SIZE");
        if (training)
        {
            double batch = tree.Int("MOBYNET.SEG.BATCH_SIZE");
            return
            [
                MemoryEstimate.Runtime,
                new("the backbone's weights, gradients and AdamW state", BackboneMemory.Parameters(backbone) * Trained, keys.Weights),
                new("the heads' weights, gradients and AdamW state", heads * Trained, SegmentationHeads),
                new("the backbone's activations of one training batch", batch * BackboneMemory.TrainingActivations(backbone, crop, crop) * Float,
                    ["MOBYNET.SEG.BATCH_SIZE", "MOBYNET.SEG.CROP_SIZE", "MOBYNET.SEG.WINDOWS", .. keys.Activations]),
                new("the heads' activations of one training batch", batch * UperNetMemory.Activations(model, Grid(backbone, crop, crop), crop * (double)crop, true) * Float,
                    ["MOBYNET.SEG.BATCH_SIZE", "MOBYNET.SEG.CROP_SIZE", .. SegmentationHeads]),
            ];
        }
        var (height, width) = SegmentationTestImage(tree, crop);
        double window = tree.Int("MOBYNET.SEG.TEST_CROP_SIZE") is > 0 and var c ? c : crop;
        // Whole-image mode takes inputs up to TEST_MAX_PIXELS; a larger one, and slide mode, go through the sliding window,
        // whose crops go through the model that many pixels at a time; the class scores are held at the image's size.
        double forwardPixels = tree.Int("MOBYNET.SEG.TEST_MAX_PIXELS");
        bool slide = tree.String("MOBYNET.SEG.TEST_MODE") == "slide" || height * width > forwardPixels;
        var (rows, columns) = slide ? (Math.Min(window, height), Math.Min(window, width)) : (height, width);
        double together = slide ? Math.Max(1, Math.Floor(forwardPixels / (rows * columns))) : 1;
        double activations = together * (BackboneMemory.InferenceActivations(backbone, rows, columns)
                                          + UperNetMemory.Activations(model, Grid(backbone, rows, columns), rows * columns, false))
                             + (slide ? UperNetMemory.Activations(model, 0, height * width, false) : 0);
        return TestImage(backbone, heads, activations, [.. keys.Weights, .. SegmentationHeads],
                         ["MOBYNET.SEG.TEST_SCALE", "MOBYNET.SEG.TEST_MODE", "MOBYNET.SEG.TEST_CROP_SIZE", "MOBYNET.SEG.CROP_SIZE",
                          "MOBYNET.SEG.TEST_MAX_PIXELS", .. SegmentationHeads]);
    }

    /// <summary>A model on one test image: its weights, and the image's activations (elements) through backbone and heads.</summary>
    private static MemoryPart[] TestImage(SwinConfig backbone, double heads, double activations, string[] weightKeys, string[] imageKeys) =>
    [
        MemoryEstimate.Runtime,
        new("the model's weights", (BackboneMemory.Parameters(backbone) + heads) * Float, weightKeys),
        new("the activations of one test image", activations * Float, imageKeys),
    ];

    /// <summary>The test image: TEST_SCALE's [long, short] bounds; [0, 0] keeps each image's own size, which is not known
    /// before it is read (bounded by MOBYNET.MAX_IMAGE_PIXELS): the training crop stands for it.</summary>
    private static (double Height, double Width) SegmentationTestImage(ConfigTree tree, int crop)
    {
        var scale = tree.Ints("MOBYNET.SEG.TEST_SCALE");
        return scale[0] > 0 && scale[1] > 0 ? (Math.Min(scale[0], scale[1]), Math.Max(scale[0], scale[1])) : (crop, crop);
    }

    private static IReadOnlyList<MemoryPart> Detection(ConfigTree tree, bool training, SwinConfig? given)
    {
        var (encoder, keys) = Backbone(tree, given);
        if (encoder is null) return [];
        var backbone = DetectionRecipe.Backbone(tree, encoder);
        var model = DetectionRecipe.Model(tree, backbone, DetectionClasses);
        double heads = model.HeadWeights(), divisor = tree.Int("MOBYNET.DET.SIZE_DIVISOR");
        double Padded(double side) => Math.Ceiling(side / divisor) * divisor;
        if (training)
        {
            double batch = tree.Int("MOBYNET.DET.BATCH_SIZE");
            double height = Padded(tree.Ints("MOBYNET.DET.SHORT_EDGE")[1]), width = Padded(tree.Ints("MOBYNET.DET.LONG_EDGE")[1]);
            return
            [
                MemoryEstimate.Runtime,
                new("the backbone's weights, gradients and AdamW state", BackboneMemory.Parameters(backbone) * Trained, keys.Weights),
                new("the heads' weights, gradients and AdamW state", heads * Trained, DetectionHeads),
                new("the backbone's activations of one training batch", batch * BackboneMemory.TrainingActivations(backbone, height, width) * Float,
                    ["MOBYNET.DET.BATCH_SIZE", "MOBYNET.DET.LONG_EDGE", "MOBYNET.DET.SHORT_EDGE", "MOBYNET.DET.WINDOWS", .. keys.Activations]),
                new("the heads' activations of one training batch", batch * MaskRcnnMemory.Activations(model, Grid(backbone, height, width), height * width, true) * Float,
                    ["MOBYNET.DET.BATCH_SIZE", "MOBYNET.DET.LONG_EDGE", "MOBYNET.DET.SHORT_EDGE", "MOBYNET.DET.ROI_SAMPLES", .. DetectionHeads]),
            ];
        }
        var scale = tree.Ints("MOBYNET.DET.TEST_SCALE");
        double rows = Padded(Math.Min(scale[0], scale[1])), columns = Padded(Math.Max(scale[0], scale[1]));
        double activations = BackboneMemory.InferenceActivations(backbone, rows, columns)
                             + MaskRcnnMemory.Activations(model, Grid(backbone, rows, columns), rows * columns, false);
        return TestImage(backbone, heads, activations, [.. keys.Weights, .. DetectionHeads],
                         ["MOBYNET.DET.TEST_SCALE", "MOBYNET.DET.MAX_PER_IMG", "MOBYNET.DET.RPN_POST_NMS_TEST", .. DetectionHeads]);
    }

    /// <summary>The positions of the first stage (the finest level of the dense heads) for an image of this size.</summary>
    private static double Grid(SwinConfig backbone, double height, double width) =>
        Math.Ceiling(height / backbone.PatchSize) * Math.Ceiling(width / backbone.PatchSize);
}
