using System.Text.Json;

namespace Moby.Detection.Evaluation;

/// <summary>
/// One detection as a line of a COCO results file (what mmdet's results2json writes and pycocotools' loadRes reads):
/// the category id, the box as [x, y, w, h] (mmdet's xyxy2xywh), the score and the mask as compressed RLE; the image
/// named by its file (a folder of images has no image ids), with the class name beside the id for a reader.
/// </summary>
internal sealed record CocoResult(string FileName, long CategoryId, string Category, float[] Bbox, float Score, CocoResult.Rle? Segmentation)
{
    /// <summary>snake_case names (file_name, category_id), as COCO's files.</summary>
    public static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>pycocotools' RLE: [height, width] and the compressed runs.</summary>
    public sealed record Rle(int[] Size, string Counts);

    /// <param name="ids">Each label's category id.</param>
    public static CocoResult Of(string fileName, DetectionResult d, IReadOnlyList<long> ids, IReadOnlyList<string> classes)
    {
        var b = d.Box;
        return new CocoResult(fileName, ids[d.Label], classes[d.Label], [b[0], b[1], b[2] - b[0], b[3] - b[1]], d.Score,
                              d.Mask is { } m ? new Rle([m.Height, m.Width], m.Compress()) : null);
    }
}
