using Moby.Detection;
using Moby.Segmentation;
using Moby.Ssl;

namespace Moby.Config.Memory;

/// <summary>
/// About how many numbers the heads on a backbone hold, as weights and as activations of one image (elements, as
/// <see cref="BackboneMemory"/>). The class count is not in the configuration (it comes with the data): the dense heads
/// are counted for <see cref="SegmentationClasses"/> and <see cref="DetectionClasses"/>, ADE20K's and COCO's.
/// </summary>
internal static class HeadMemory
{
    public const int SegmentationClasses = 150, DetectionClasses = 80;

    /// <summary>A MoBY projector or predictor (<see cref="MoBYMLP"/>): (layers - 1) x [Linear, BatchNorm] and a Linear out.</summary>
    public static double MoBYHead(double inDim, MoBYConfig c, int layers) => layers switch
    {
        0 => 0,
        1 => inDim * c.OutDim + c.OutDim,
        _ => (inDim + 3) * c.InnerDim + (layers - 2) * ((double)c.InnerDim + 3) * c.InnerDim + ((double)c.InnerDim + 1) * c.OutDim,
    };

    /// <summary>A MoBY head's activations for one image in training: each hidden layer's linear, norm and ReLU outputs, and the output.</summary>
    public static double MoBYHeadActivations(MoBYConfig c, int layers) => Math.Max(0, layers - 1) * 4.0 * c.InnerDim + 2.0 * c.OutDim;

    /// <summary>UPerNet (PPM, laterals, FPN convolutions, the fused bottleneck, the classifier) and the auxiliary FCN head.</summary>
    public static double UperNet(SegmentationModelConfig c, IReadOnlyList<double> widths)
    {
        double ch = c.Channels, last = widths[^1], pools = c.PoolScales.Length, stages = widths.Count;
        double decode = pools * last * ch + 9 * (last + pools * ch) * ch + widths.SkipLast(1).Sum(w => w * ch)
                        + (stages - 1) * 9 * ch * ch + 9 * stages * ch * ch + ch * c.NumClasses;
        double auxiliary = c.Auxiliary ? 9 * widths[c.AuxStage] * c.AuxChannels + (c.AuxConvs - 1) * 9.0 * c.AuxChannels * c.AuxChannels + c.AuxChannels * c.NumClasses : 0;
        return decode + auxiliary;
    }

    /// <summary>
    /// UPerNet's maps for one image whose first stage has <paramref name="grid"/> tokens: each level's lateral and FPN
    /// convolution (convolution, norm, activation), every level upsampled to the first and concatenated, the fused
    /// bottleneck, the auxiliary head on its stage; and the logits upsampled to the <paramref name="pixels"/> of the image.
    /// </summary>
    /// <param name="training">Kept for backward (every map, the logits' softmax and gradient) or inference (the larger maps at once).</param>
    public static double UperNetActivations(SegmentationModelConfig c, double grid, double pixels, bool training)
    {
        int stages = c.Backbone.NumLayers;
        double levels = Enumerable.Range(0, stages).Sum(s => grid / Math.Pow(4, s)), ch = c.Channels;
        double fused = grid * ch * (2 * stages + 4), logits = pixels * c.NumClasses;
        if (!training) return fused + logits * 2;
        double auxiliary = c.Auxiliary ? 3 * c.AuxChannels * grid / Math.Pow(4, c.AuxStage) : 0;
        return fused + 7 * ch * levels + auxiliary + 3 * logits;
    }

    /// <summary>
    /// Mask R-CNN's maps for one image whose finest level has <paramref name="grid"/> positions: the FPN and RPN maps of
    /// every level, the sampled RoIs' pooled features and box-head activations, and the mask head on the positive RoIs;
    /// at inference the proposals, the kept detections' masks, and those masks pasted into the <paramref name="pixels"/> of the image.
    /// </summary>
    public static double MaskRcnnActivations(MaskRCNNConfig c, double grid, double pixels, bool training)
    {
        double anchors = c.AnchorScales.Length * c.AnchorRatios.Length, f = c.FpnChannels, fc = c.BoxFcChannels, m = c.MaskChannels;
        double levels = Enumerable.Range(0, c.Backbone.NumLayers + c.ExtraLevels).Sum(l => grid / Math.Pow(4, l));
        double box = MaskRCNNConfig.BoxRoiSize * MaskRCNNConfig.BoxRoiSize * f + 3 * fc;
        double maskSide = MaskRCNNConfig.MaskRoiSize * MaskRCNNConfig.MaskRoiSize;
        double mask = maskSide * f + 2 * maskSide * m * c.MaskConvs + 4 * maskSide * (m + c.NumClasses);
        if (training)
            return levels * (6 * f + 10 * anchors) + c.RoiSamples * 2 * box + c.RoiSamples * c.RoiPosFraction * 2 * mask;
        return levels * (3 * f + 5 * anchors) + c.TestProposals.MaxPerImg * box + c.MaxPerImg * (mask + pixels);
    }
}
