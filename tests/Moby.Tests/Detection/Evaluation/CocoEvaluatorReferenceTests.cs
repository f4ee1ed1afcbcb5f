using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Moby.Data.Detection;
using Moby.Detection.Evaluation;
using Xunit;

namespace Moby.Tests.Detection.Evaluation;

/// <summary>The evaluator against values pycocotools computed (Reference/pycocotools_cocoeval.json), and COCOeval's exact parameters.</summary>
public class CocoEvaluatorReferenceTests
{
    private static readonly JsonElement Reference = JsonDocument.Parse(File.ReadAllText(Path.Combine(Here(), "Reference", "pycocotools_cocoeval.json"))).RootElement;

    private static CocoFile Truth() => CocoFile.Parse(Encoding.UTF8.GetBytes(Reference.GetProperty("truth").GetRawText()), "truth.json", CocoLimits.Default);

    /// <summary>The results as COCOeval holds them when loaded as a dataset: boxes and areas as given, polygons rasterised on their image.</summary>
    private static List<(int, ScoredDetection)> Results(CocoFile truth) => Reference.GetProperty("results").EnumerateArray().Select(r =>
    {
        int image = truth.Images.ToList().FindIndex(i => i.Id == r.GetProperty("image_id").GetInt64());
        int label = truth.Categories.ToList().FindIndex(c => c.Id == r.GetProperty("category_id").GetInt64());
        var polygon = r.GetProperty("segmentation")[0].EnumerateArray().Select(v => PolygonRaster.Scaled(v.GetDouble())).ToArray();
        var mask = PolygonRaster.Rasterize(polygon, truth.Images[image].Height, truth.Images[image].Width);
        var box = r.GetProperty("bbox").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        return (image, new ScoredDetection(label, r.GetProperty("score").GetDouble(), box, r.GetProperty("area").GetDouble(), mask));
    }).ToList();

    [Theory]
    [InlineData("bbox")]
    [InlineData("segm")]
    public void PrecisionAndRecallArraysMatchPycocotools(string name)
    {
        var kind = name == "bbox" ? IouKind.Box : IouKind.Mask;
        var truth = Truth();
        var (accumulation, _) = CocoEvaluator.Accumulate(truth, kind, Results(truth), maxDetections: [1]);
        Assert.Equal([10, 101, 3, 4, 1], Enumerable.Range(0, 5).Select(accumulation.Precision.GetLength));
        var expected = Reference.GetProperty(name);
        Assert.Equal(expected.GetProperty("precisionMean").GetDouble(), accumulation.Precision.Cast<double>().Average(), 12);
        Assert.Equal(expected.GetProperty("recallMean").GetDouble(), accumulation.Recall.Cast<double>().Average(), 12);
    }

    [Fact]
    public void IousMatchPycocotools()
    {
        var truth = Truth();
        var results = Results(truth);
        foreach (var (image, name) in new[] { (0, "iouImage1Category2"), (1, "iouImage2Category2") })
        {
            var detection = results.Where(r => r.Item1 == image && r.Item2.Label == 1).MaxBy(r => r.Item2.Score).Item2;
            var annotation = truth.Of(image).Single(a => a.Label == 1);
            Assert.Equal(Reference.GetProperty("bbox").GetProperty(name).GetDouble(), CocoIou.Boxes(detection.Box, annotation.Box, false), 12);
            Assert.Equal(Reference.GetProperty("segm").GetProperty(name).GetDouble(), CocoIou.Masks(detection.Mask!, annotation.Mask(50, 100), false), 8);
        }
    }

    [Fact]
    public void ThresholdsAreNumpysLinspaceBitForBit()
    {
        Assert.Equal([0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95], CocoEvalParams.IouThresholds);
        Assert.Equal(101, CocoEvalParams.RecallThresholds.Length);
        Assert.Equal(0.29, CocoEvalParams.RecallThresholds[29]);
        Assert.Equal(0.5700000000000001, CocoEvalParams.RecallThresholds[57]);
        Assert.Equal(1.0, CocoEvalParams.RecallThresholds[100]);
    }

    private static string Here([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
