using Moby.Segmentation;

namespace Moby.Runs;

/// <summary>A checkpoint of moby segment train opened for inference (segment eval and predict).</summary>
internal static class SegmentationModelFile
{
    public static TransferModelFile<SegmentationModel> Open(string weights, IEnumerable<string>? options, Action<string>? say) =>
        TransferModelFile<SegmentationModel>.Open(weights, PyramidArchitecture.Segmentation, (swin, file) => DenseRunMemory.Segmentation(false, swin, file),
                                                  (tree, backbone, classes) => new SegmentationModel(SegmentationRecipe.Model(tree, backbone, classes)), options, say);
}
