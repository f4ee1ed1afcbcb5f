using System.Text.Json;

namespace Moby.Data.Segmentation;

/// <summary>
/// A COCO-style instances file (instances_{training,validation}.json) of the scenes: images, one annotation per kept
/// garment with its box [x, y, w, h] (the tight box of its visible pixels), area (visible pixels), iscrowd 0 and its
/// visible mask as compressed RLE ({"size": [h, w], "counts": "..."}, what pycocotools' mask.encode writes and its
/// COCO API and COCOeval read), and the ten Fashion-MNIST categories with ids 1 to 10 (= the semantic label).
/// Written by hand, keys in a fixed order, so that one seed gives the same bytes.
/// </summary>
internal sealed class CocoInstances(IReadOnlyList<string> categories)
{
    private readonly List<(int Id, string File, int Width, int Height)> images = [];
    private readonly List<(int ImageId, int Category, int[] Box, int Area, string Counts, int Width, int Height)> annotations = [];

    public int Annotations => annotations.Count;

    public void Add(string file, Scene scene, int minArea)
    {
        int imageId = images.Count + 1, size = scene.Labels.Width;
        images.Add((imageId, file, size, scene.Labels.Height));
        foreach (var instance in scene.Instances.Where(i => i.Area >= minArea))
            annotations.Add((imageId, instance.Class + 1, Box(instance.Mask, size), instance.Area,
                             MaskRle.Encode(instance.Mask, size, scene.Labels.Height), size, scene.Labels.Height));
    }

    private static int[] Box(bool[] mask, int width)
    {
        int left = int.MaxValue, top = int.MaxValue, right = -1, bottom = -1;
        for (int i = 0; i < mask.Length; i++)
        {
            if (!mask[i]) continue;
            int x = i % width, y = i / width;
            (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
        }
        return [left, top, right - left + 1, bottom - top + 1];
    }

    public void Write(Stream stream)
    {
        using var json = new Utf8JsonWriter(stream);
        json.WriteStartObject();
        json.WriteStartObject("info");
        json.WriteString("description", "Fashion-MNIST scenes (moby make-scenes)");
        json.WriteEndObject();
        json.WriteStartArray("images");
        foreach (var (id, file, width, height) in images)
        {
            json.WriteStartObject();
            json.WriteNumber("id", id);
            json.WriteString("file_name", file);
            json.WriteNumber("width", width);
            json.WriteNumber("height", height);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("annotations");
        for (int i = 0; i < annotations.Count; i++) WriteAnnotation(json, i + 1, annotations[i]);
        json.WriteEndArray();
        json.WriteStartArray("categories");
        for (int c = 0; c < categories.Count; c++)
        {
            json.WriteStartObject();
            json.WriteNumber("id", c + 1);
            json.WriteString("name", categories[c]);
            json.WriteString("supercategory", "garment");
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteAnnotation(Utf8JsonWriter json, int id, (int ImageId, int Category, int[] Box, int Area, string Counts, int Width, int Height) a)
    {
        json.WriteStartObject();
        json.WriteNumber("id", id);
        json.WriteNumber("image_id", a.ImageId);
        json.WriteNumber("category_id", a.Category);
        json.WriteStartArray("bbox");
        foreach (int v in a.Box) json.WriteNumberValue(v);
        json.WriteEndArray();
        json.WriteNumber("area", a.Area);
        json.WriteNumber("iscrowd", 0);
        json.WriteStartObject("segmentation");
        json.WriteStartArray("size");
        json.WriteNumberValue(a.Height);
        json.WriteNumberValue(a.Width);
        json.WriteEndArray();
        json.WriteString("counts", a.Counts);
        json.WriteEndObject();
        json.WriteEndObject();
    }
}
