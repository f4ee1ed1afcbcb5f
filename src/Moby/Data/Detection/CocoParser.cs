using System.Text.Json;
using static Moby.Data.Detection.CocoJson;

namespace Moby.Data.Detection;

/// <summary>
/// One pass over a COCO instances file with <see cref="Utf8JsonReader"/>: the <c>images</c>, <c>categories</c> and
/// <c>annotations</c> arrays in any order, everything else skipped. Nothing is built from the text that the limits do
/// not allow first. A problem inside an annotation is reported with the annotation's id, which may come later in the
/// object, so the object is read to its end before the error is raised.
/// </summary>
internal static class CocoParser
{
    private const int MaxNameLength = 4096;

    public static CocoContent Parse(ReadOnlySpan<byte> json, CocoLimits limits)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
        if (Next(ref reader) != JsonTokenType.StartObject) throw new FormatException("the file is not a JSON object (a COCO file holds images, annotations and categories)");
        var content = new CocoContent([], [], []);
        bool sawImages = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("images"))
            {
                sawImages = true;
                Section(ref reader, "images", limits.MaxImages, content.Images, ReadImage);
            }
            else if (reader.ValueTextEquals("categories")) Section(ref reader, "categories", limits.MaxCategories, content.Categories, ReadCategory);
            else if (reader.ValueTextEquals("annotations")) Section(ref reader, "annotations", limits.MaxAnnotations, content.Annotations, (ref Utf8JsonReader r, int i) => ReadAnnotation(ref r, i, limits));
            else SkipValue(ref reader);
        }
        if (!sawImages) throw new FormatException("the file has no \"images\" list");
        return content;
    }

    private delegate T ItemReader<T>(ref Utf8JsonReader reader, int position);

    private static void Section<T>(ref Utf8JsonReader reader, string name, int max, List<T> items, ItemReader<T> read)
    {
        if (Next(ref reader) != JsonTokenType.StartArray) throw new FormatException($"\"{name}\" is not a list");
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            if (items.Count >= max) throw new FormatException($"\"{name}\" has more than {max:N0} entries");
            if (reader.TokenType != JsonTokenType.StartObject) throw new FormatException($"entry {items.Count + 1} of \"{name}\" is not an object");
            items.Add(read(ref reader, items.Count));
        }
    }

    private static CocoImage ReadImage(ref Utf8JsonReader reader, int position)
    {
        long? id = null, width = null, height = null;
        string? file = null;
        bool badFile = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id")) id = Integer(ref reader);
            else if (reader.ValueTextEquals("width")) width = Integer(ref reader);
            else if (reader.ValueTextEquals("height")) height = Integer(ref reader);
            else if (reader.ValueTextEquals("file_name")) badFile = (file = Text(ref reader, MaxNameLength)) is null;
            else SkipValue(ref reader);
        }
        string name = id is { } known ? $"image {known}" : $"image number {position + 1}";
        if (id is null) throw new FormatException($"{name} has no integer \"id\"");
        if (width is not (>= 1 and <= int.MaxValue) || height is not (>= 1 and <= int.MaxValue))
            throw new FormatException($"{name} needs a positive integer \"width\" and \"height\"");
        if (badFile) throw new FormatException($"{name}: \"file_name\" is not a string of at most {MaxNameLength} characters");
        return new CocoImage(id.Value, file, (int)width, (int)height);
    }

    private static CocoCategory ReadCategory(ref Utf8JsonReader reader, int position)
    {
        long? id = null;
        string? name = null;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id")) id = Integer(ref reader);
            else if (reader.ValueTextEquals("name")) name = Text(ref reader, MaxNameLength);
            else SkipValue(ref reader);
        }
        return id is { } known ? new CocoCategory(known, name ?? known.ToString()) : throw new FormatException($"category number {position + 1} has no integer \"id\"");
    }

    private static CocoRawAnnotation ReadAnnotation(ref Utf8JsonReader reader, int position, CocoLimits limits)
    {
        var a = new CocoRawAnnotation { Position = position };
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("id")) a.Id = Integer(ref reader) ?? a.Fail<long?>("\"id\" is not an integer");
            else if (reader.ValueTextEquals("image_id")) a.ImageId = Integer(ref reader) ?? a.Fail<long?>("\"image_id\" is not an integer");
            else if (reader.ValueTextEquals("category_id")) a.CategoryId = Integer(ref reader) ?? a.Fail<long?>("\"category_id\" is not an integer");
            else if (reader.ValueTextEquals("area")) a.Area = Number(ref reader) ?? a.Fail<double?>("\"area\" is not a finite number");
            else if (reader.ValueTextEquals("iscrowd")) a.Crowd = Boolean(ref reader) ?? a.Fail<bool>("\"iscrowd\" is not 0 or 1");
            else if (reader.ValueTextEquals("bbox")) a.Box = Box(ref reader) ?? a.Fail<double[]>("\"bbox\" is not [x, y, width, height] (4 numbers within ±1e8, width and height not negative)");
            else if (reader.ValueTextEquals("segmentation")) a.Shape = Segmentation(ref reader, a, limits.MaxValuesPerAnnotation);
            else SkipValue(ref reader);
        }
        return a;
    }

    private static double[]? Box(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        var values = Numbers(ref reader, 4, out _);
        return values is { Count: 4 } && values[2] >= 0 && values[3] >= 0 && values.All(v => Math.Abs(v) <= PolygonRaster.MaxCoordinate) ? [.. values] : null;
    }

    /// <summary>Polygons (a list of coordinate lists) or an RLE object ({"size": [h, w], "counts": string or list}); null: none.</summary>
    private static CocoShape? Segmentation(ref Utf8JsonReader reader, CocoRawAnnotation a, int maxValues)
    {
        switch (Next(ref reader))
        {
            case JsonTokenType.Null: return null;
            case JsonTokenType.StartArray: return Polygons(ref reader, a, maxValues);
            case JsonTokenType.StartObject: return Rle(ref reader, a, maxValues);
            default:
                reader.Skip();
                return a.Fail<CocoShape>("\"segmentation\" is neither a list of polygons nor an RLE object");
        }
    }

    private static CocoShape? Polygons(ref Utf8JsonReader reader, CocoRawAnnotation a, int maxValues)
    {
        var polygons = new List<int[]>();
        int budget = maxValues;
        while (Next(ref reader) != JsonTokenType.EndArray)
        {
            var values = Numbers(ref reader, budget, out bool tooMany);
            string? problem = values is null
                ? tooMany ? $"its polygons have more than {maxValues:N0} coordinates" : $"polygon {polygons.Count + 1} is not a list of finite numbers"
                : values.Count % 2 == 1 ? $"polygon {polygons.Count + 1} has an odd number of coordinates ({values.Count})"
                : values.Any(v => Math.Abs(v) > PolygonRaster.MaxCoordinate) ? $"polygon {polygons.Count + 1} has a coordinate beyond ±{PolygonRaster.MaxCoordinate:G}"
                : null;
            if (problem is not null)
            {
                SkipRest(ref reader); // the reader is at the end of this polygon's value: on to the end of the list
                return a.Fail<CocoShape>(problem);
            }
            budget -= values!.Count;
            polygons.Add(values.Select(PolygonRaster.Scaled).ToArray());
        }
        return CocoShape.Polygons([.. polygons]);
    }

    private static byte[]? Ascii(string text) => text.All(char.IsAscii) ? System.Text.Encoding.ASCII.GetBytes(text) : null;

    private static CocoShape? Rle(ref Utf8JsonReader reader, CocoRawAnnotation a, int maxValues)
    {
        long[]? size = null;
        byte[]? text = null;
        int[]? runs = null;
        bool badCounts = false;
        while (Next(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("size"))
            {
                Next(ref reader);
                var values = Numbers(ref reader, 2, out _);
                size = values is { Count: 2 } && values.All(v => v >= 1 && v <= int.MaxValue && v == Math.Floor(v)) ? values.Select(v => (long)v).ToArray() : null;
            }
            else if (reader.ValueTextEquals("counts"))
            {
                Next(ref reader);
                if (reader.TokenType == JsonTokenType.String)
                {
                    // One run per character at most: the length bounds what decoding it takes. JSON escapes its backslashes.
                    text = reader.ValueSpan.Length <= 2 * maxValues ? Ascii(String(ref reader)) : null;
                    badCounts = text is null || text.Length > maxValues;
                }
                else if (Numbers(ref reader, maxValues, out _) is { } values && values.All(v => v >= 0 && v <= int.MaxValue && v == Math.Floor(v)))
                    runs = values.Select(v => (int)v).ToArray();
                else badCounts = true;
            }
            else SkipValue(ref reader);
        }
        if (size is null) return a.Fail<CocoShape>("its RLE has no \"size\": [height, width] of positive integers");
        if (badCounts || (text is null && runs is null))
            return a.Fail<CocoShape>($"its RLE \"counts\" is neither a compressed string nor a list of run lengths (at most {maxValues:N0} of either)");
        return text is not null ? CocoShape.Compressed(text, (int)size[0], (int)size[1]) : CocoShape.Runs(runs!, (int)size[0], (int)size[1]);
    }
}
