using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Detection;
using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>A checkpoint of moby detect train opened for inference (detect eval and predict).</summary>
internal static class DetectionModelFile
{
    public static TransferModelFile<MaskRCNN> Open(string weights, IEnumerable<string>? options, Action<string>? say) =>
        TransferModelFile<MaskRCNN>.Open(weights, PyramidArchitecture.Detection, (swin, file) => DenseRunMemory.Detection(false, swin, file),
                                         (tree, backbone, classes) => new MaskRCNN(DetectionRecipe.Model(tree, backbone, classes)),
                                         options, say, HeadWeights);

    /// <summary>The weight matrices of FPN, RPN, box and mask heads that MOBYNET.DET.* describes (biases left out).</summary>
    private static long HeadWeights(ConfigTree tree, SwinConfig backbone, int classes) => DetectionRecipe.Model(tree, backbone, classes).HeadWeights();
}
