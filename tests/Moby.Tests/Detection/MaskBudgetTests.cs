using Moby.Data;
using Moby.Data.Detection;
using Moby.Detection;
using Moby.Tests.Data.Detection;
using Xunit;

namespace Moby.Tests.Detection;

/// <summary>
/// The masks Mask R-CNN pastes at each image's own size are bounded from the sizes the COCO file declares, before any
/// image is decoded: evaluation batches hold what fits together, and an image that cannot fit alone is refused.
/// </summary>
public class MaskBudgetTests
{
    static readonly MaskBudget TwoGiB = new(2L << 30);

    static DetectionSet Set(TempDir dir, params (int Width, int Height)[] sizes)
    {
        var images = string.Join(", ", sizes.Select((s, i) => $$"""{"id": {{i + 1}}, "file_name": "{{i}}.png", "width": {{s.Width}}, "height": {{s.Height}}}"""));
        var coco = CocoFileTests.Parse($$"""{"images": [{{images}}], "annotations": [], "categories": [{"id": 1, "name": "thing"}]}""");
        return new DetectionSet(coco, dir.Path, ImageDecodeOptions.Default, null);
    }

    [Fact]
    public void EvaluationBatchesHoldTheImagesWhoseMasksFitTogether()
    {
        using var dir = new TempDir();
        // 100 masks of a 12-megapixel photo: 1.2 GB; two of them do not fit 2 GiB, a small image does.
        var set = Set(dir, (100, 100), (4000, 3000), (4000, 3000), (100, 100), (100, 100), (100, 100));
        var batches = TwoGiB.Batches(set, MaskRCNNTests.Micro() with { MaxPerImg = 100, MaskThr = 0.5 }, batchSize: 3);
        Assert.Equal([[0, 1], [2, 3, 4], [5]], batches);
    }

    [Fact]
    public void AnImageWhoseMasksCannotFitIsRefusedFromItsDeclaredSizeBeforeDecoding()
    {
        using var dir = new TempDir();   // no image file exists: nothing is decoded
        var set = Set(dir, (100, 100), (9400, 9400));
        var e = Assert.Throws<DataException>(() => TwoGiB.Batches(set, MaskRCNNTests.Micro() with { MaxPerImg = 100, MaskThr = 0.5 }, batchSize: 2));
        Assert.Equal($"image '{Path.Combine(dir.Path, "1.png")}' (9400 x 9400) could need 8426 MiB of masks (up to 100 detections at " +
                     "its size), more than the 2048 MiB detection holds per image: resize it or lower MOBYNET.DET.MAX_PER_IMG", e.Message);
        // Fewer detections, or probabilities (four bytes a pixel) instead of binary masks, change what fits.
        Assert.Equal([[0, 1]], TwoGiB.Batches(set, MaskRCNNTests.Micro() with { MaxPerImg = 20, MaskThr = 0.5 }, batchSize: 2));
        Assert.Throws<DataException>(() => TwoGiB.Batches(Set(dir, (4000, 3000)), MaskRCNNTests.Micro() with { MaxPerImg = 100, MaskThr = -1 }, batchSize: 1));
    }
}
