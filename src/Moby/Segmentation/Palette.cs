namespace Moby.Segmentation;

/// <summary>
/// Colours for classes: PASCAL VOC's colour map (the bits of the class index spread over R, G and B from the most
/// significant bit down), so class 0 (background in our scenes) is black and neighbouring classes differ clearly.
/// </summary>
internal static class Palette
{
    /// <summary>RGB triples for 256 indices (255, the ignore index, included).</summary>
    public static byte[] Colours { get; } = Enumerable.Range(0, 256).SelectMany(Colour).ToArray();

    /// <summary>One line per class: index, colour (#rrggbb) and name.</summary>
    public static string Legend(IReadOnlyList<string> classes) =>
        string.Concat(classes.Select((name, c) => $"{c}\t#{Colours[3 * c]:x2}{Colours[3 * c + 1]:x2}{Colours[3 * c + 2]:x2}\t{name}\n"));

    private static byte[] Colour(int index)
    {
        int r = 0, g = 0, b = 0;
        for (int shift = 7, c = index; c > 0; shift--, c >>= 3)
        {
            r |= (c & 1) << shift;
            g |= ((c >> 1) & 1) << shift;
            b |= ((c >> 2) & 1) << shift;
        }
        return [(byte)r, (byte)g, (byte)b];
    }
}
