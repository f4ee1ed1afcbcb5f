using Moby.Backbones;
using Moby.Ssl;

namespace Moby.Config.Memory;

/// <summary>
/// The memory estimates of the runs on an encoder alone (<see cref="MemoryEstimate"/>): inference, MoBY pre-training and
/// fine-tuning. Weights (with gradients, AdamW's moments and MoBY's momentum copy in training), the queues, and the
/// activations of one training batch or one image. Nothing is built.
/// </summary>
internal static class EncoderRuns
{
    /// <summary>The encoder on one image without gradients: what every configuration read must allow (a checkpoint's stored one too).</summary>
    /// <param name="encoder">The encoder when the tree's keys do not describe it, and <paramref name="source"/> the file it comes from.</param>
    public static MemoryEstimate Encoder(IBackboneConfig? encoder = null, string? source = null) =>
        new("the encoder on one image", tree => Inference(tree, encoder, 1, []), source);

    /// <summary>The encoder on one batch of DATA.BATCH_SIZE images without gradients (bench infer).</summary>
    public static MemoryEstimate Features() =>
        new("the encoder on one batch", tree => Inference(tree, null, tree.Int("DATA.BATCH_SIZE"), ["DATA.BATCH_SIZE"]));

    public static MemoryEstimate Pretraining() => new("MoBY pre-training", Pretraining);

    /// <summary>A classifier trained on one batch of DATA.BATCH_SIZE, the tree's encoder.</summary>
    public static MemoryEstimate Finetuning() => new("fine-tuning", tree =>
    {
        var (encoder, keys) = (ModelConfigs.Encoder(tree), new EncoderKeys(tree));
        return
        [
            MemoryEstimate.Runtime,
            new("the encoder's weights, gradients and AdamW state", BackboneMemory.Parameters(encoder) * MemoryEstimate.Trained, keys.Weights),
            new("the activations of one training batch",
                tree.Int("DATA.BATCH_SIZE") * BackboneMemory.TrainingActivations(encoder, encoder.ImgSize, encoder.ImgSize) * MemoryEstimate.Float,
                ["DATA.BATCH_SIZE", "DATA.IMG_SIZE", .. keys.Activations]),
        ];
    });

    /// <param name="batchKeys">The key of <paramref name="images"/>, when a key sets it.</param>
    private static MemoryPart[] Inference(ConfigTree tree, IBackboneConfig? given, double images, string[] batchKeys)
    {
        var (encoder, keys) = given is null ? (ModelConfigs.Encoder(tree), new EncoderKeys(tree)) : (given, EncoderKeys.None);
        return
        [
            MemoryEstimate.Runtime,
            new("the encoder's weights", BackboneMemory.Parameters(encoder) * MemoryEstimate.Float, keys.Weights),
            new(images == 1 ? "the activations of one image" : "the activations of one batch",
                images * BackboneMemory.InferenceActivations(encoder, encoder.ImgSize, encoder.ImgSize) * MemoryEstimate.Float,
                [.. batchKeys, "DATA.IMG_SIZE", .. keys.Activations]),
        ];
    }

    private static MemoryPart[] Pretraining(ConfigTree tree)
    {
        var (encoder, keys) = (ModelConfigs.Encoder(tree), new EncoderKeys(tree));
        var moby = ModelConfigs.Heads(tree, encoder);
        double features = BackboneMemory.StageWidths(encoder)[^1], batch = tree.Int("DATA.BATCH_SIZE"), queue = moby.QueueSize;
        double projector = Head(features, moby, moby.ProjNumLayers), predictor = Head(moby.OutDim, moby, moby.PredNumLayers);
        // Per view and image: the online encoder's saved activations, its projector and predictor, the target's projector.
        double perView = BackboneMemory.TrainingActivations(encoder, encoder.ImgSize, encoder.ImgSize)
                         + 2 * HeadActivations(moby, moby.ProjNumLayers) + HeadActivations(moby, moby.PredNumLayers);
        int every = tree.Int("MOBYNET.KNN_EVERY");
        double monitored = every > 0 ? (double)tree.Int("MOBYNET.KNN_BANK_SAMPLES") + tree.Int("MOBYNET.KNN_QUERY_SAMPLES") : 0;
        string[] heads = ["MOBYNET.MOBY.INNER_DIM", "MOBYNET.MOBY.OUT_DIM", "MODEL.MOBY.PROJ_NUM_LAYERS", "MODEL.MOBY.PRED_NUM_LAYERS"];
        const double Float = MemoryEstimate.Float, Trained = MemoryEstimate.Trained;
        return
        [
            MemoryEstimate.Runtime,
            // The online encoder trains; its momentum copy (the target) is one more set of weights.
            new("the encoder's weights, gradients, AdamW state and momentum copy", BackboneMemory.Parameters(encoder) * (Trained + Float), keys.Weights),
            new("the projector's and predictor's weights, gradients, AdamW state and momentum copy", projector * (Trained + Float) + predictor * Trained, heads),
            new("the two queues of negatives", 2 * queue * moby.OutDim * Float, ["MODEL.MOBY.CONTRAST_NUM_NEGATIVE", "MOBYNET.MOBY.OUT_DIM"]),
            new("the activations of one training batch (two views)", 2 * batch * perView * Float,
                ["DATA.BATCH_SIZE", "DATA.IMG_SIZE", .. keys.Activations, "MOBYNET.MOBY.INNER_DIM"]),
            // Two losses, each with logits against the queue, their softmax and gradient.
            new("the contrastive logits", 2 * batch * (queue + 1) * 3 * Float, ["DATA.BATCH_SIZE", "MODEL.MOBY.CONTRAST_NUM_NEGATIVE"]),
            // The online kNN monitor's features of its bank and queries (at most as many as the data set has).
            new("the kNN monitor's features", monitored * features * Float, ["MOBYNET.KNN_BANK_SAMPLES", "MOBYNET.KNN_QUERY_SAMPLES"]),
        ];
    }

    /// <summary>A MoBY projector or predictor's weights (<see cref="MoBYMLP"/>): (layers - 1) x [Linear, BatchNorm] and a Linear out.</summary>
    public static double Head(double inDim, MoBYConfig c, int layers) => layers switch
    {
        0 => 0,
        1 => inDim * c.OutDim + c.OutDim,
        _ => (inDim + 3) * c.InnerDim + (layers - 2) * ((double)c.InnerDim + 3) * c.InnerDim + ((double)c.InnerDim + 1) * c.OutDim,
    };

    /// <summary>A MoBY head's activations for one image in training: each hidden layer's linear, norm and ReLU outputs, and the output.</summary>
    private static double HeadActivations(MoBYConfig c, int layers) => Math.Max(0, layers - 1) * 4.0 * c.InnerDim + 2.0 * c.OutDim;
}
