using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Moby.Tests.Data.Detection;

/// <summary>pycocotools' outputs in Reference/pycocotools_masks.json.</summary>
internal static class MaskReference
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir(), "Reference", "pycocotools_masks.json"))).RootElement);

    public static IEnumerable<JsonElement> Cases(string section) => Root.Value.GetProperty(section).EnumerateArray();

    public static JsonElement Case(string section) => Root.Value.GetProperty(section);

    /// <summary>A row-major mask with rows and columns [from, to) set (the reference's squares).</summary>
    public static byte[] Square(int height, int width, int from, int to)
    {
        var mask = new byte[height * width];
        for (int y = from; y < to; y++)
            for (int x = from; x < to; x++) mask[y * width + x] = 1;
        return mask;
    }

    private static string Dir([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
