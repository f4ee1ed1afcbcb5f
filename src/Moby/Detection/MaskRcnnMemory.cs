namespace Moby.Detection;

/// <summary>About how many activations Mask R-CNN's heads keep for one image, from their configuration (elements; nothing
/// is built): for the memory estimate of detection runs. Their weights are <see cref="MaskRCNNConfig.HeadWeights"/>.</summary>
internal static class MaskRcnnMemory
{
    /// <summary>
    /// For one image whose finest level has <paramref name="grid"/> positions: the FPN and RPN maps of every level, the
    /// sampled RoIs' pooled features and box-head activations, the mask head on the positive RoIs; at inference the
    /// proposals, the kept detections' masks, and those masks pasted into the <paramref name="pixels"/> of the image.
    /// </summary>
    public static double Activations(MaskRCNNConfig c, double grid, double pixels, bool training)
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
