using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Detection;
using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>A checkpoint of moby detect train opened for inference (detect eval and predict).</summary>
internal static class DetectionModelFile
{
    public static TransferModelFile<MaskRCNN> Open(string weights, IEnumerable<string>? options, Action<string>? say) =>
        TransferModelFile<MaskRCNN>.Open(weights, PyramidArchitecture.Detection, (tree, backbone, classes) => new MaskRCNN(DetectionRecipe.Model(tree, backbone, classes)),
                                         options, say, HeadWeights);

    /// <summary>The weight matrices of FPN, RPN, box and mask heads that MOBYNET.DET.* describes (biases left out).</summary>
    private static long HeadWeights(ConfigTree tree, SwinConfig backbone, int classes)
    {
        var c = DetectionRecipe.Model(tree, backbone, classes);
        long f = c.FpnChannels, b = c.BoxFcChannels, m = c.MaskChannels, anchors = c.AnchorScales.Length * c.AnchorRatios.Length;
        long lateral = Enumerable.Range(0, backbone.NumLayers).Sum(s => (long)backbone.EmbedDim << s) * f;
        long fpn = lateral + backbone.NumLayers * 9 * f * f;
        long rpn = 9 * f * f + 5 * anchors * f;
        long box = MaskRCNNConfig.BoxRoiSize * MaskRCNNConfig.BoxRoiSize * f * b + b * b + (5L * classes + 1) * b;
        long mask = (c.MaskConvs > 0 ? 9 * m * (f + (c.MaskConvs - 1) * m) : 0) + 4 * m * (c.MaskConvs > 0 ? m : f) + m * classes;
        return fpn + rpn + box + mask;
    }
}
