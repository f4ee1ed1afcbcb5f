using System.Text.Json;
using Moby.IO;
using Moby.Interop;

namespace Moby.Data.Detection;

/// <summary>
/// A COCO instances file, read whole and checked: images, categories (0-based labels in the file's order, names and
/// ids kept), and annotations resolved to their image and label. Everything a damaged or crafted file can get wrong
/// (not JSON, a missing or mistyped field, an unknown image or category id, a repeated id, an RLE of another size than
/// its image or running past it, an image beyond the pixel limit, more entries than <see cref="CocoLimits"/> allows)
/// is one <see cref="DataException"/> naming the file and, where there is one, the annotation's id.
/// </summary>
internal sealed class CocoFile
{
    private readonly IReadOnlyList<int[]> byImage;

    private CocoFile(string path, IReadOnlyList<CocoImage> images, IReadOnlyList<CocoCategory> categories,
                     IReadOnlyList<CocoAnnotation> annotations, IReadOnlyList<int[]> byImage) =>
        (Path, Images, Categories, Annotations, this.byImage) = (path, images, categories, annotations, byImage);

    public string Path { get; }
    public IReadOnlyList<CocoImage> Images { get; }

    /// <summary>In the file's order: label i is category i.</summary>
    public IReadOnlyList<CocoCategory> Categories { get; }

    public IReadOnlyList<CocoAnnotation> Annotations { get; }

    /// <summary>The annotations of image <paramref name="image"/> (its index), in the file's order.</summary>
    public IEnumerable<CocoAnnotation> Of(int image) => byImage[image].Select(i => Annotations[i]);

    public static CocoFile Read(string path, CocoLimits limits) => Parse(ReadBytes(path, limits.MaxFileBytes), path, limits);

    /// <param name="name">The file's path, for messages.</param>
    public static CocoFile Parse(byte[] json, string name, CocoLimits limits)
    {
        try
        {
            return Resolve(CocoParser.Parse(json, limits), name, limits);
        }
        catch (JsonException e)
        {
            throw new DataException($"COCO file '{ShownNames.Path(name)}': not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message.Split(" LineNumber")[0]}", e);
        }
        catch (FormatException e)
        {
            throw new DataException($"COCO file '{ShownNames.Path(name)}': {e.Message}", e);
        }
    }

    /// <summary>The file's bytes, refusing a larger file than <paramref name="maxBytes"/> whatever its size claims (a device reports 0).</summary>
    private static byte[] ReadBytes(string path, long maxBytes) => DataFile.Read(path, () =>
    {
        using var stream = File.OpenRead(path);
        string TooLarge() => $"COCO file '{ShownNames.Path(path)}' has more than {maxBytes:N0} bytes, the limit of an annotation file";
        if (stream.CanSeek && stream.Length > maxBytes) throw new DataException(TooLarge());
        var buffer = new MemoryStream();
        var chunk = new byte[1 << 20];
        for (int n; (n = stream.Read(chunk)) > 0;)
        {
            if (buffer.Length + n > maxBytes) throw new DataException(TooLarge());
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    });

    private static CocoFile Resolve(CocoContent content, string name, CocoLimits limits)
    {
        var labels = Index(content.Categories, c => c.Id, "category");
        var images = Index(content.Images, i => i.Id, "image");
        foreach (var image in content.Images.Where(i => (long)i.Width * i.Height > limits.MaxPixels))
            throw new FormatException($"image {image.Id} is {image.Width} x {image.Height}, more than the limit of {limits.MaxPixels:N0} pixels");
        var annotations = new List<CocoAnnotation>(content.Annotations.Count);
        var byImage = Enumerable.Range(0, content.Images.Count).Select(_ => new List<int>()).ToArray();
        var seen = new HashSet<long>();
        foreach (var raw in content.Annotations)
        {
            var annotation = Resolve(raw, images, labels, content);
            if (!seen.Add(annotation.Id)) throw new FormatException($"annotation id {annotation.Id} appears twice");
            byImage[annotation.Image].Add(annotations.Count);
            annotations.Add(annotation);
        }
        for (int i = 0; i < byImage.Length; i++)
        {
            var image = content.Images[i];
            if ((long)byImage[i].Count * image.Width * image.Height > limits.MaxMaskBytesPerImage)
                throw new FormatException($"image {image.Id} has {byImage[i].Count:N0} annotations of {image.Width} x {image.Height} pixels: their masks would take more than {limits.MaxMaskBytesPerImage:N0} bytes");
        }
        return new CocoFile(name, content.Images, content.Categories, annotations, byImage.Select(l => l.ToArray()).ToArray());
    }

    private static CocoAnnotation Resolve(CocoRawAnnotation raw, Dictionary<long, int> images, Dictionary<long, int> labels, CocoContent content)
    {
        string? missing = raw.Id is null ? "\"id\"" : raw.ImageId is null ? "\"image_id\"" : raw.CategoryId is null ? "\"category_id\""
                        : raw.Box is null ? "\"bbox\"" : raw.Area is null ? "\"area\"" : null;
        string? problem = raw.Problem ?? (missing is null ? null : $"it has no {missing}");
        if (problem is null && !images.ContainsKey(raw.ImageId!.Value)) problem = $"its image_id {raw.ImageId} is not among the file's images";
        if (problem is null && !labels.ContainsKey(raw.CategoryId!.Value))
            problem = $"its category_id {raw.CategoryId} is not among the file's categories ({Known(content.Categories.Select(c => c.Id))})";
        if (problem is not null) throw new FormatException($"{raw.Name}: {problem}");
        int image = images[raw.ImageId!.Value];
        try
        {
            (raw.Shape ?? CocoShape.Box(raw.Box!)).Check(content.Images[image].Height, content.Images[image].Width);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{raw.Name}: {e.Message}", e);
        }
        return new CocoAnnotation(raw.Id!.Value, image, labels[raw.CategoryId!.Value], raw.Box!, raw.Area!.Value, raw.Crowd, raw.Shape);
    }

    private static string Known(IEnumerable<long> ids)
    {
        var list = ids.Take(11).ToList();
        return list.Count == 0 ? "it has none" : string.Join(", ", list.Take(10)) + (list.Count > 10 ? ", ..." : "");
    }

    /// <summary>Id to position; a repeated id is an error.</summary>
    private static Dictionary<long, int> Index<T>(List<T> items, Func<T, long> id, string kind)
    {
        var index = new Dictionary<long, int>(items.Count);
        for (int i = 0; i < items.Count; i++)
            if (!index.TryAdd(id(items[i]), i)) throw new FormatException($"{kind} id {id(items[i])} appears twice");
        return index;
    }
}
