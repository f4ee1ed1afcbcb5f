using Moby.Backbones.Swin;
using Moby.Config;
using Moby.Config.Memory;
using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>A checkpoint of moby segment train opened for inference (segment eval and predict).</summary>
internal static class SegmentationModelFile
{
    public static TransferModelFile<SegmentationModel> Open(string weights, IEnumerable<string>? options, Action<string>? say) =>
        TransferModelFile<SegmentationModel>.Open(weights, PyramidArchitecture.Segmentation, (swin, file) => DenseRunMemory.Segmentation(false, swin, file),
                                                  (tree, backbone, classes) => new SegmentationModel(SegmentationRecipe.Model(tree, backbone, classes)), options, say,
                                                  HeadWeights);

    /// <summary>The weights of UPerNet and its auxiliary head that MOBYNET.SEG.* describes.</summary>
    private static long HeadWeights(ConfigTree tree, SwinConfig backbone, int classes) =>
        (long)UperNetMemory.Weights(SegmentationRecipe.Model(tree, backbone, classes), BackboneMemory.StageWidths(backbone));
}
