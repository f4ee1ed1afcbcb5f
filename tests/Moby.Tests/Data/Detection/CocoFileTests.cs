using System.Text;
using Moby.Data;
using Moby.Data.Detection;
using Xunit;

namespace Moby.Tests.Data.Detection;

/// <summary>The COCO reader: what it keeps of a valid file, and one clear error for each way a file can be wrong.</summary>
public class CocoFileTests
{
    /// <summary>Two images (4 x 4, 6 x 3) and an empty third; categories 3 and 7; a polygon, an uncompressed and a compressed RLE, a crowd region.</summary>
    internal const string Valid = """
        {
          "info": {"description": "test", "nested": [[1, {"a": null}]]},
          "images": [
            {"id": 10, "file_name": "a.png", "width": 4, "height": 4},
            {"id": 11, "file_name": "b.png", "width": 6, "height": 3, "license": 1},
            {"id": 12, "file_name": "c.png", "width": 2, "height": 2}
          ],
          "annotations": [
            {"id": 1, "image_id": 10, "category_id": 7, "bbox": [0, 0, 2, 2], "area": 4, "iscrowd": 0, "segmentation": [[0, 0, 2, 0, 2, 2, 0, 2]]},
            {"id": 2, "image_id": 11, "category_id": 3, "bbox": [1, 0, 1, 2], "area": 2, "iscrowd": 0, "segmentation": {"size": [3, 6], "counts": [3, 2, 13]}},
            {"id": 3, "image_id": 10, "category_id": 3, "bbox": [2, 2, 2, 2], "area": 4, "iscrowd": 1, "segmentation": {"size": [4, 4], "counts": ":220"}},
            {"id": 4, "image_id": 11, "category_id": 7, "bbox": [4, 1, 2, 2], "area": 4, "segmentation": {"size": [3, 6], "counts": "=210"}, "extra": {"x": [1]}}
          ],
          "categories": [{"id": 3, "name": "three", "supercategory": "s"}, {"id": 7}],
          "licenses": []
        }
        """;

    internal static CocoFile Parse(string json, CocoLimits? limits = null) => CocoFile.Parse(Encoding.UTF8.GetBytes(json), "test.json", limits ?? CocoLimits.Default);

    [Fact]
    public void ValidFileKeepsImagesCategoriesAndAnnotations()
    {
        var coco = Parse(Valid);
        Assert.Equal([10L, 11, 12], coco.Images.Select(i => i.Id));
        Assert.Equal(("b.png", 6, 3), (coco.Images[1].FileName, coco.Images[1].Width, coco.Images[1].Height));
        Assert.Equal([new CocoCategory(3, "three"), new CocoCategory(7, "7")], coco.Categories);
        Assert.Equal([1L, 3], coco.Of(0).Select(a => a.Id));
        Assert.Empty(coco.Of(2));
        var first = coco.Annotations[0];
        Assert.Equal((0, 1, 4.0, false), (first.Image, first.Label, first.Area, first.Crowd)); // category 7 is the second: label 1
        Assert.Equal([0.0, 0, 2, 2], first.Box);
        Assert.True(coco.Annotations[2].Crowd);
        Assert.False(coco.Annotations[3].Crowd); // iscrowd absent
    }

    [Fact]
    public void MasksOfEveryFormDecodeToTheirPixels()
    {
        var coco = Parse(Valid);
        Assert.Equal(new byte[] { 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, coco.Annotations[0].Mask(4, 4).Decode()); // polygon
        // Uncompressed [3, 2, 13] on 3 x 6: column-major pixels 3 and 4 are (x1, y0) and (x1, y1).
        Assert.Equal(new byte[] { 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, coco.Annotations[1].Mask(3, 6).Decode());
        // ":220" is [10, 2, 2, 2] (the fourth run stored as its difference 0 to the second): columns 2 and 3, rows 2 and 3.
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1 }, coco.Annotations[2].Mask(4, 4).Decode());
        // "=210" is [13, 2, 1, 2] on 3 x 6: pixels 13, 14 (x4, y1..2) and 16, 17 (x5, y1..2).
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1 }, coco.Annotations[3].Mask(3, 6).Decode());
    }

    [Fact]
    public void AnnotationWithoutSegmentationIsItsBox()
    {
        var coco = Parse("""{"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}], "annotations": [{"id": 5, "image_id": 1, "category_id": 1, "bbox": [1, 1, 2, 2], "area": 4}]}""");
        Assert.Null(coco.Annotations[0].Shape);
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0 }, coco.Annotations[0].Mask(4, 4).Decode());
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "not json", "not valid JSON" },
        { "[1, 2]", "not a JSON object" },
        { """{"annotations": []}""", "no \"images\" list" },
        { """{"images": {"id": 1}}""", "\"images\" is not a list" },
        { """{"images": [1]}""", "entry 1 of \"images\" is not an object" },
        { """{"images": [{"id": 1, "width": 4}]}""", "image 1 needs a positive integer \"width\" and \"height\"" },
        { """{"images": [{"id": 1, "width": 4, "height": 0}]}""", "image 1 needs a positive integer" },
        { """{"images": [{"width": 4, "height": 4}]}""", "image number 1 has no integer \"id\"" },
        { """{"images": [{"id": 1, "width": 4, "height": 4}, {"id": 1, "width": 4, "height": 4}]}""", "image id 1 appears twice" },
        { """{"images": [{"id": 1, "width": 4, "height": 4, "file_name": 5}]}""", "\"file_name\" is not a string" },
        { """{"images": [], "categories": [{"name": "x"}]}""", "category number 1 has no integer \"id\"" },
        { """{"images": [], "categories": [{"id": 2}, {"id": 2}]}""", "category id 2 appears twice" },
        { Annotation("\"category_id\": 9"), "annotation 77: its category_id 9 is not among the file's categories (1, 2)" },
        { Annotation("\"image_id\": 3"), "annotation 77: its image_id 3 is not among the file's images" },
        { Annotation("\"bbox\": [0, 0, 1]"), "annotation 77: \"bbox\" is not [x, y, width, height]" },
        { Annotation("\"bbox\": [0, 0, -1, 1]"), "annotation 77: \"bbox\" is not" },
        { Annotation("\"bbox\": [0, 0, 1e9, 1]"), "annotation 77: \"bbox\" is not" },
        { Annotation("\"bbox\": \"0 0 1 1\""), "annotation 77: \"bbox\" is not" },
        { Annotation("\"area\": null"), "annotation 77: \"area\" is not a finite number" },
        { Annotation("\"area\": 1e999"), "annotation 77: \"area\" is not a finite number" },
        { Annotation("\"iscrowd\": 2"), "annotation 77: \"iscrowd\" is not 0 or 1" },
        { Annotation("\"id\": 1.5"), "annotation number 1 (no id): \"id\" is not an integer" },
        { Annotation("\"segmentation\": \"x\""), "annotation 77: \"segmentation\" is neither a list of polygons nor an RLE object" },
        { Annotation("\"segmentation\": [[0, 0, 1, 0, 1]]"), "annotation 77: polygon 1 has an odd number of coordinates (5)" },
        { Annotation("\"segmentation\": [0, 0, 1, 0, 1, 1]"), "annotation 77: polygon 1 is not a list of finite numbers" },
        { Annotation("\"segmentation\": [[0, 0, 1, 0, 1, 1], [0, \"a\"]]"), "annotation 77: polygon 2 is not a list" },
        { Annotation("\"segmentation\": [[0, 0, 3e8, 0, 1, 1]]"), "annotation 77: polygon 1 has a coordinate beyond" },
        { Annotation("\"segmentation\": {\"counts\": \"0\"}"), "annotation 77: its RLE has no \"size\"" },
        { Annotation("\"segmentation\": {\"size\": [4, 4], \"counts\": 5}"), "annotation 77: its RLE \"counts\" is neither" },
        { Annotation("\"segmentation\": {\"size\": [4, 4], \"counts\": [1, -1]}"), "annotation 77: its RLE \"counts\" is neither" },
        { Annotation("\"segmentation\": {\"size\": [5, 4], \"counts\": [20]}"), "annotation 77: its RLE has size [5, 4] (height, width), but its image is 4 x 4" },
        { Annotation("\"segmentation\": {\"size\": [4, 4], \"counts\": [10, 10]}"), "annotation 77: the runs cover more than the 4 x 4 = 16 pixels" },
        { Annotation("\"segmentation\": {\"size\": [4, 4], \"counts\": \"0~\"}"), "annotation 77: '~' is not an RLE character" },
        { Annotation("\"segmentation\": {\"size\": [4, 4], \"counts\": \"0\\u00e9\"}"), "annotation 77: its RLE \"counts\" is neither" },
        { Annotation("\"segmentation\": [[0, 0, 4000, 0, 0, 4000, 4000, 4000, 0, 0, 4000, 0, 0, 4000]]"), "annotation 77: its polygons' outline is" },
        { """{"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}], "annotations": [{"id": 78, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1}, {"id": 78, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1}]}""", "annotation id 78 appears twice" },
        { """{"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}], "annotations": [{"image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}]}""", "annotation number 1 (no id): it has no \"id\"" },
        { """{"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}], "annotations": [{"id": 4, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1]}]}""", "annotation 4: it has no \"area\"" },
        { """{"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}], "annotations": [{"iscrowd": 7, "id": 4}]}""", "annotation 4: \"iscrowd\" is not 0 or 1" },
        { """{"images": [{"id": 1, "width": 4, "height": 4}""", "not valid JSON" },
        { """{"images": [], "x": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}""", "not valid JSON" },
    };

    /// <summary>A file with one annotation (id 77 on image 1 of 4 x 4, categories 1 and 2) whose field <paramref name="field"/> replaces the default.</summary>
    private static string Annotation(string field)
    {
        var fields = new Dictionary<string, string>
        {
            ["id"] = "77", ["image_id"] = "1", ["category_id"] = "1", ["bbox"] = "[0, 0, 1, 1]", ["area"] = "1", ["segmentation"] = "[[0, 0, 1, 0, 1, 1]]",
        };
        string name = field.Split(':')[0].Trim().Trim('"');
        fields.Remove(name);
        string annotation = string.Join(", ", fields.Select(f => $"\"{f.Key}\": {f.Value}").Append(field));
        return $$"""{"images": [{"id": 1, "width": 4, "height": 4}], "categories": [{"id": 1}, {"id": 2}], "annotations": [{{{annotation}}}]}""";
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedFileIsOneClearError(string json, string expected)
    {
        var error = Assert.Throws<DataException>(() => Parse(json));
        Assert.StartsWith("COCO file 'test.json': ", error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void CountsAndSizesAreBoundedBeforeAllocating()
    {
        string two = """{"images": [{"id": 1, "width": 4, "height": 4}, {"id": 2, "width": 4, "height": 4}], "categories": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [0, 0, 1, 1], "area": 1, "segmentation": [[0, 0, 1, 0, 1, 1, 0, 1]]}]}""";
        Assert.NotNull(Parse(two));
        Assert.Contains("\"images\" has more than 1 entries", Assert.Throws<DataException>(() => Parse(two, new CocoLimits { MaxImages = 1 })).Message);
        Assert.Contains("\"annotations\" has more than 0 entries", Assert.Throws<DataException>(() => Parse(two, new CocoLimits { MaxAnnotations = 0 })).Message);
        Assert.Contains("\"categories\" has more than 0", Assert.Throws<DataException>(() => Parse(two, new CocoLimits { MaxCategories = 0 })).Message);
        Assert.Contains("more than 6 coordinates", Assert.Throws<DataException>(() => Parse(two, new CocoLimits { MaxValuesPerAnnotation = 6 })).Message);
        string rle = two.Replace("[[0, 0, 1, 0, 1, 1, 0, 1]]", "{\"size\": [4, 4], \"counts\": \"0123\"}");
        Assert.NotNull(Parse(rle, new CocoLimits { MaxValuesPerAnnotation = 4 })); // runs 0, 1, 2, 4
        Assert.Contains("at most 3 of either", Assert.Throws<DataException>(() => Parse(rle, new CocoLimits { MaxValuesPerAnnotation = 3 })).Message);
        Assert.Contains("image 1 is 4 x 4, more than the limit of 15 pixels", Assert.Throws<DataException>(() => Parse(two, new CocoLimits { MaxPixels = 15 })).Message);
        Assert.Contains("image 1 has 1 annotations of 4 x 4 pixels", Assert.Throws<DataException>(() => Parse(two, new CocoLimits { MaxMaskBytesPerImage = 15 })).Message);
    }

    /// <summary>One 9400 x 9400 image with <paramref name="count"/> full-image polygons (3.98 GB of masks for 45).</summary>
    internal static string MaskBomb(int count) =>
        """{"images": [{"id": 7, "file_name": "big.png", "width": 9400, "height": 9400}], "categories": [{"id": 1}], "annotations": ["""
        + string.Join(", ", Enumerable.Range(1, count).Select(i =>
            $$"""{"id": {{i}}, "image_id": 7, "category_id": 1, "bbox": [0, 0, 9400, 9400], "area": 88360000, "segmentation": [[0, 0, 9400, 0, 9400, 9400, 0, 9400]]}"""))
        + "]}";

    [Fact]
    public void MasksBeyondOneByteArrayAreRefusedByTheDefaultLimitNamingTheImage()
    {
        Assert.NotNull(Parse(MaskBomb(24))); // 2.12 GB: under Array.MaxLength
        var error = Assert.Throws<DataException>(() => Parse(MaskBomb(45)));
        Assert.StartsWith("COCO file 'test.json': image 7 has 45 annotations of 9400 x 9400 pixels", error.Message);
    }

    [Fact]
    public void ReadRefusesLargeFilesAndNonFiles()
    {
        using var dir = new TempDir();
        string path = dir.File("instances.json", Encoding.UTF8.GetBytes(Valid));
        Assert.Equal(3, CocoFile.Read(path, CocoLimits.Default).Images.Count);
        Assert.Contains("has more than 100 bytes", Assert.Throws<DataException>(() => CocoFile.Read(path, new CocoLimits { MaxFileBytes = 100 })).Message);
        Assert.Contains("a directory", Assert.Throws<DataException>(() => CocoFile.Read(dir.Path, CocoLimits.Default)).Message);
        Assert.Contains("cannot read", Assert.Throws<DataException>(() => CocoFile.Read(dir.File("missing.json"), CocoLimits.Default)).Message);
    }

    [Fact]
    public void DamagedFilesEndWellOrInOneDataError()
    {
        byte[] valid = Encoding.UTF8.GetBytes(Valid);
        int n = 0, read = 0;
        foreach (var bytes in Mutants.Of(valid, 11, 600, Enumerable.Range(0, valid.Length).ToArray()))
            read += Mutants.EndsWellOrIn<DataException>(n++, "test.json", () => CocoFile.Parse(bytes, "test.json", CocoLimits.Default)) ? 1 : 0;
        Assert.InRange(read, 1, n - 1); // some mutants still parse, most do not
    }
}
