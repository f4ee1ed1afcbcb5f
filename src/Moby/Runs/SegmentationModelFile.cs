using Moby.Config.Memory;
using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>A checkpoint of moby segment train opened for inference (segment eval and predict).</summary>
internal static class SegmentationModelFile
{
    public static TransferModelFile<SegmentationModel> Open(string weights, IEnumerable<string>? options, Action<string>? say) =>
        TransferModelFile<SegmentationModel>.Open(weights, PyramidArchitecture.Segmentation, RunUse.SegmentationInference,
                                                  (tree, backbone, classes) => new SegmentationModel(SegmentationRecipe.Model(tree, backbone, classes)), options, say);
}
