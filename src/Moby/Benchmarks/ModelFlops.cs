using Moby.Backbones.Swin;
using Moby.Backbones.Vit;
using Moby.Ssl;

namespace Moby.Benchmarks;

/// <summary>
/// Analytic FLOP counts (2 per multiply-add) of the matrix products, attention products and patch embeddings;
/// element-wise work (norms, GELU, softmax) is left out, as in the FLOP figures the Swin and DeiT papers quote.
/// A transformer block on N tokens of width C with attention over S keys costs 24 N C^2 (qkv, proj, MLP 4x) + 4 N S C.
/// </summary>
internal static class ModelFlops
{
    public static double Forward(Backbones.IBackboneConfig encoder) => encoder switch
    {
        SwinConfig swin => Swin(swin),
        VitConfig vit => Vit(vit),
        _ => throw new ArgumentException($"Unknown encoder {encoder.GetType().Name}"),
    };

    private static double Swin(SwinConfig c)
    {
        double flops = PatchEmbedding(c.ImgSize, c.InChans, c.PatchSize, c.EmbedDim, c.ConvStem);
        for (int stage = 0; stage < c.NumLayers; stage++)
        {
            double tokens = Math.Pow(c.Resolution(stage), 2), width = c.EmbedDim << stage, window = Math.Pow(c.StageWindow(stage), 2);
            flops += c.Depths[stage] * Block(tokens, width, window, c.MlpRatio);
            if (stage < c.NumLayers - 1) flops += 2 * (tokens / 4) * (4 * width) * (2 * width); // PatchMerging reduction
        }
        return flops;
    }

    private static double Vit(VitConfig c)
    {
        double tokens = c.NumPatches + 1;
        return PatchEmbedding(c.ImgSize, c.InChans, c.PatchSize, c.EmbedDim, c.ConvStem) + c.Depth * Block(tokens, c.EmbedDim, tokens, c.MlpRatio);
    }

    /// <summary>The patchify convolution, or the convolutional stem's 3x3 stride-2 stages and its 1x1 projection.</summary>
    public static double PatchEmbedding(int imgSize, int inChans, int patchSize, int embedDim, bool convStem)
    {
        double patches = Math.Pow(imgSize / patchSize, 2);
        if (!convStem) return 2 * patches * inChans * patchSize * patchSize * embedDim;
        double flops = 0, channels = inChans, side = imgSize;
        foreach (long width in Nn.ConvStem.StageWidths(embedDim, patchSize))
        {
            side /= 2;
            flops += 2 * side * side * 9 * channels * width;
            channels = width;
        }
        return flops + 2 * patches * channels * embedDim;
    }

    private static double Block(double tokens, double width, double keys, double mlpRatio) =>
        2 * tokens * width * width * (4 + 2 * mlpRatio) + 4 * tokens * keys * width;

    private static double Head(long inDim, MoBYConfig c, int layers) =>
        layers == 0 ? 0 : layers == 1 ? 2.0 * inDim * c.OutDim
        : 2.0 * (inDim * c.InnerDim + (layers - 2) * (double)c.InnerDim * c.InnerDim + (double)c.InnerDim * c.OutDim);

    /// <summary>
    /// FLOPs of one MoBY training iteration per image: for each of the two views, the online branch
    /// (encoder + projector + predictor) forward and backward (backward = 2x forward) and the target branch
    /// (encoder + projector) forward; plus the two contrastive products against the queue (forward and backward).
    /// </summary>
    public static double MoBYIterationPerImage(MoBYConfig c, long numFeatures)
    {
        double encoder = Forward(c.Encoder), projector = Head(numFeatures, c, c.ProjNumLayers), predictor = Head(c.OutDim, c, c.PredNumLayers);
        double online = 3 * (encoder + projector + predictor), target = encoder + projector;
        double contrastive = 3 * 2.0 * c.OutDim * (c.QueueSize + 1);
        return 2 * (online + target + contrastive);
    }
}
