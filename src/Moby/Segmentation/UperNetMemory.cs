namespace Moby.Segmentation;

/// <summary>
/// About how many numbers UPerNet and its auxiliary FCN head hold, as weights and as activations of one image, from
/// their configuration (elements; nothing is built): for the memory estimate of segmentation runs.
/// </summary>
internal static class UperNetMemory
{
    /// <summary>PPM, laterals, FPN convolutions, the fused bottleneck and the classifier, and the auxiliary head.</summary>
    /// <param name="widths">The channels of each backbone stage.</param>
    public static double Weights(SegmentationModelConfig c, IReadOnlyList<double> widths)
    {
        double ch = c.Channels, last = widths[^1], pools = c.PoolScales.Length, stages = widths.Count;
        double decode = pools * last * ch + 9 * (last + pools * ch) * ch + widths.SkipLast(1).Sum(w => w * ch)
                        + (stages - 1) * 9 * ch * ch + 9 * stages * ch * ch + ch * c.NumClasses;
        double auxiliary = c.Auxiliary
            ? 9 * widths[c.AuxStage] * c.AuxChannels + (c.AuxConvs - 1) * 9.0 * c.AuxChannels * c.AuxChannels + c.AuxChannels * c.NumClasses : 0;
        return decode + auxiliary;
    }

    /// <summary>
    /// The maps for one image whose first stage has <paramref name="grid"/> positions: each level's lateral and FPN
    /// convolution (convolution, norm, activation), every level upsampled to the first and concatenated, the fused
    /// bottleneck, the auxiliary head on its stage; and the logits upsampled to the <paramref name="pixels"/> of the image.
    /// </summary>
    /// <param name="training">Kept for backward (every map, the logits' softmax and gradient), or inference (the larger maps at once).</param>
    public static double Activations(SegmentationModelConfig c, double grid, double pixels, bool training)
    {
        int stages = c.Backbone.NumLayers;
        double levels = Enumerable.Range(0, stages).Sum(s => grid / Math.Pow(4, s)), ch = c.Channels;
        double fused = grid * ch * (2 * stages + 4), logits = pixels * c.NumClasses;
        if (!training) return fused + logits * 2;
        double auxiliary = c.Auxiliary ? 3 * c.AuxChannels * grid / Math.Pow(4, c.AuxStage) : 0;
        return fused + 7 * ch * levels + auxiliary + 3 * logits;
    }
}
