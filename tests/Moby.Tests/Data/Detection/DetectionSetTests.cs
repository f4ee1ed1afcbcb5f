using System.Text;
using Moby.Data;
using Moby.Data.Detection;
using Moby.Data.Segmentation;
using Moby.Tests.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Data.Detection;

/// <summary>Detection sources and sets: the scenes' layout, COCO 2017's, a named pair; training targets, clipping and warnings.</summary>
public class DetectionSetTests
{
    private static readonly ImageDecodeOptions Decoding = new() { MaxPixels = 1 << 20 };

    /// <summary><see cref="CocoFileTests.Valid"/> with its three images written (gray, value 10 x the image's number).</summary>
    private static string WriteValid(TempDir dir, string images = "images", string json = "instances.json", string? content = null)
    {
        dir.File($"{images}/a.png", LabelPng.Encode(Enumerable.Repeat((byte)10, 16).ToArray(), 4, 4));
        dir.File($"{images}/b.png", LabelPng.Encode(Enumerable.Repeat((byte)20, 18).ToArray(), 6, 3));
        dir.File($"{images}/c.png", LabelPng.Encode(Enumerable.Repeat((byte)30, 4).ToArray(), 2, 2));
        return dir.File(json, Encoding.UTF8.GetBytes(content ?? CocoFileTests.Valid));
    }

    [Fact]
    public void MasksBeyondOneByteArrayAreOneClearErrorNotAnOverflow()
    {
        // Limits raised past what one array holds, so the set itself must count in long and refuse.
        var coco = CocoFileTests.Parse(CocoFileTests.MaskBomb(45), new CocoLimits { MaxMaskBytesPerImage = long.MaxValue, MaxPixels = long.MaxValue });
        using var dir = new TempDir();
        var set = new DetectionSet(coco, dir.Path, Decoding, null);
        var error = Assert.Throws<DataException>(() => set.Load(0));
        Assert.StartsWith("COCO file 'test.json': image 7 (", error.Message);
        Assert.Contains("big.png", error.Message);
        Assert.Contains("45 masks of 9400 x 9400 pixels", error.Message);
    }

    [Fact]
    public void PairSourceLoadsImagesWithTargetsAndMasks()
    {
        using var dir = new TempDir();
        string json = WriteValid(dir);
        var source = DetectionSource.Parse($"coco:{dir.File("images")},{json}");
        Assert.True(source.IsSingleSet);
        var set = source.Open(DataSplit.Test, Decoding, warn: null);
        Assert.Equal(3, set.Count);
        Assert.Equal(["three", "7"], set.ClassNames);
        var sample = set.Load(0);
        Assert.Equal((4, 4), (sample.Image.Width, sample.Image.Height));
        Assert.Equal(10, sample.Image.Pixels.Span[0]);
        // Annotation 1 only: annotation 3 is a crowd region, no target.
        Assert.Equal([0f, 0, 2, 2], sample.Targets.Boxes);
        Assert.Equal([1L], sample.Targets.Labels);
        Assert.Equal(new byte[] { 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, sample.Targets.Mask(0).ToArray());
        var second = set.Load(1);
        Assert.Equal([1f, 0, 2, 2, 4, 1, 6, 3], second.Targets.Boxes); // [x, y, w, h] to x1, y1, x2, y2
        Assert.Equal([0L, 1], second.Targets.Labels);
        Assert.Equal(2, second.Targets.Count);
        Assert.Equal(0, set.Load(2).Targets.Count);
    }

    [Fact]
    public void ImagesWithoutTargetsAreKeptForEvaluationOnly()
    {
        using var dir = new TempDir();
        var set = DetectionSource.Parse($"coco:{dir.File("images")},{WriteValid(dir)}").Open(DataSplit.Train, Decoding, null);
        Assert.Equal([0, 1], set.TrainingIndices(keepEmpty: false));
        Assert.Equal([0, 1, 2], set.TrainingIndices(keepEmpty: true));
    }

    [Fact]
    public void BoxesOutsideTheImageAreClippedAndDegenerateOnesSkippedWithAWarning()
    {
        using var dir = new TempDir();
        string json = """
            {"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4}],
             "categories": [{"id": 1}],
             "annotations": [
               {"id": 5, "image_id": 1, "category_id": 1, "bbox": [-1.5, 1, 3, 4], "area": 6},
               {"id": 6, "image_id": 1, "category_id": 1, "bbox": [1, 1, 0.5, 2], "area": 1},
               {"id": 7, "image_id": 1, "category_id": 1, "bbox": [3.5, 0, 2, 2], "area": 1},
               {"id": 8, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "area": 0},
               {"id": 9, "image_id": 1, "category_id": 1, "bbox": [0, 0, 2, 2], "area": 4, "iscrowd": 1}]}
            """;
        var warnings = new List<string>();
        var set = DetectionSource.Parse($"coco:{dir.File("images")},{WriteValid(dir, content: json)}").Open(DataSplit.Train, Decoding, warnings.Add);
        Assert.Equal([0f, 1, 1.5f, 4], set.Load(0).Targets.Boxes); // [-1.5, 1] to [1.5, 5], clipped to the 4 x 4 image
        Assert.Equal(3, set.Skipped);
        Assert.Equal(3, warnings.Count);
        Assert.Contains("annotation 6 of image 1 (bbox [1, 1, 0.5, 2] on 4 x 4): under 1 px wide or high", warnings[0]);
        Assert.Contains("annotation 7 of image 1", warnings[1]); // 0.5 px of it is inside
        Assert.Contains("annotation 8 of image 1 (bbox [0, 0, 2, 2] on 4 x 4): its area is 0", warnings[2]);
        Assert.All(warnings, w => Assert.StartsWith("warning: '", w));
        Assert.All(warnings, w => Assert.Contains("instances.json", w));
    }

    [Fact]
    public void ManyDegenerateAnnotationsWarnTenTimesAndOnceInAll()
    {
        using var dir = new TempDir();
        var annotations = Enumerable.Range(1, 25).Select(i => $$"""{"id": {{i}}, "image_id": 1, "category_id": 1, "bbox": [0, 0, 0, 1], "area": 1}""");
        string json = $$"""{"images": [{"id": 1, "file_name": "a.png", "width": 4, "height": 4}], "categories": [{"id": 1}], "annotations": [{{string.Join(",", annotations)}}]}""";
        var warnings = new List<string>();
        var set = DetectionSource.Parse($"coco:{dir.File("images")},{WriteValid(dir, content: json)}").Open(DataSplit.Train, Decoding, warnings.Add);
        Assert.Equal(25, set.Skipped);
        Assert.Equal(11, warnings.Count);
        Assert.Contains("25 degenerate annotations in all are not training targets (15 more not listed)", warnings[^1]);
        Assert.Empty(set.TrainingIndices(keepEmpty: false));
    }

    [Fact]
    public void AnImageOfAnotherSizeThanItsEntryOrOutsideTheFolderIsAnError()
    {
        using var dir = new TempDir();
        string json = WriteValid(dir, content: CocoFileTests.Valid.Replace("\"file_name\": \"c.png\"", "\"file_name\": \"../c.png\""));
        dir.File("images/b.png", LabelPng.Encode(new byte[24], 6, 4));
        var set = DetectionSource.Parse($"coco:{dir.File("images")},{json}").Open(DataSplit.Train, Decoding, null);
        Assert.Contains("b.png' is 6 x 4, but '" + json + "' gives image 11 as 6 x 3", Assert.Throws<DataException>(() => set.Load(1)).Message);
        Assert.Contains("image 12 has the file_name '../c.png', which leaves the images folder", Assert.Throws<DataException>(() => set.Load(2)).Message);
    }

    [Fact]
    public void FolderSourcesFindTheScenesAndCoco2017Layouts()
    {
        using var dir = new TempDir();
        WriteValid(dir, "s/images/training", "s/instances_training.json");
        WriteValid(dir, "c/val2017", "c/annotations/instances_val2017.json");
        var scenes = DetectionSource.Parse($"coco:{dir.File("s")}");
        Assert.False(scenes.IsSingleSet);
        Assert.Equal(3, scenes.Open(DataSplit.Train, Decoding, null).Count);
        Assert.Contains("has no validation split: expected", Assert.Throws<DataException>(() => scenes.Open(DataSplit.Test, Decoding, null)).Message);
        Assert.Equal(3, DetectionSource.Parse($"coco:{dir.File("c")}").Open(DataSplit.Test, Decoding, null).Count);
        Assert.Contains("does not exist", Assert.Throws<DataException>(() => DetectionSource.Parse($"coco:{dir.File("nothing")}").Open(DataSplit.Train, Decoding, null)).Message);
        Assert.Contains("unknown detection data source", Assert.Throws<DataException>(() => DetectionSource.Parse("voc:/x")).Message);
        Assert.Contains("needs a path", Assert.Throws<DataException>(() => DetectionSource.Parse("coco:")).Message);
        Assert.Contains("name both", Assert.Throws<DataException>(() => DetectionSource.Parse("coco:/images,")).Message);
    }

    [Fact]
    public void ScenesReadBackWithMasksThatMatchTheirLabelMaps()
    {
        using var dir = new TempDir();
        FashionScenes.Write(SceneTests.FakeFashionMnist(dir), dir.File("s"), new SceneOptions { Size = 32, Train = 4, Val = 2, Seed = 3 });
        var set = DetectionSource.Parse($"coco:{dir.File("s")}").Open(DataSplit.Train, Decoding, null);
        var labels = SegmentationSource.Parse($"ade20k:{dir.File("s")}").Open(DataSplit.Train, reduceZeroLabel: false, Decoding);
        Assert.Equal(Moby.Data.Idx.FashionClasses, set.ClassNames);
        Assert.Equal(4, set.Count);
        int instances = 0;
        for (int i = 0; i < set.Count; i++)
        {
            var sample = set.Load(i);
            var map = labels.Load(i).Labels;
            for (int k = 0; k < sample.Targets.Count; k++, instances++)
            {
                var mask = sample.Targets.Mask(k).ToArray();
                var inside = Enumerable.Range(0, mask.Length).Where(p => mask[p] == 1).ToList();
                Assert.All(inside, p => Assert.Equal(sample.Targets.Labels[k] + 1, map.Labels[p]));
                // The scenes' box is the tight box of the visible pixels.
                Assert.Equal([inside.Min(p => p % 32), inside.Min(p => p / 32), inside.Max(p => p % 32) + 1, inside.Max(p => p / 32) + 1],
                             sample.Targets.Boxes.Skip(4 * k).Take(4).Select(v => (int)v));
            }
        }
        Assert.True(instances > 0);
    }
}
