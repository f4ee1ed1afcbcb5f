namespace Moby.Detection;

/// <summary>
/// A 5 x 7 pixel font of capitals, digits and common punctuation, drawn pixel by pixel: pictures need no system font
/// (SkiaSharp's Linux build without dependencies draws nothing when the machine has no font installed). Lower case is
/// drawn as upper case; any other character as '?'.
/// </summary>
internal static class PixelFont
{
    public const int GlyphWidth = 5, GlyphHeight = 7, Advance = GlyphWidth + 1;

    /// <summary>Each glyph's seven rows, top first, '#' = ink.</summary>
    private static readonly Dictionary<char, string> Rows = new()
    {
        [' '] = "..... ..... ..... ..... ..... ..... .....",
        ['A'] = ".###. #...# #...# ##### #...# #...# #...#",
        ['B'] = "####. #...# #...# ####. #...# #...# ####.",
        ['C'] = ".###. #...# #.... #.... #.... #...# .###.",
        ['D'] = "####. #...# #...# #...# #...# #...# ####.",
        ['E'] = "##### #.... #.... ####. #.... #.... #####",
        ['F'] = "##### #.... #.... ####. #.... #.... #....",
        ['G'] = ".###. #...# #.... #.### #...# #...# .####",
        ['H'] = "#...# #...# #...# ##### #...# #...# #...#",
        ['I'] = ".###. ..#.. ..#.. ..#.. ..#.. ..#.. .###.",
        ['J'] = "..### ...#. ...#. ...#. ...#. #..#. .##..",
        ['K'] = "#...# #..#. #.#.. ##... #.#.. #..#. #...#",
        ['L'] = "#.... #.... #.... #.... #.... #.... #####",
        ['M'] = "#...# ##.## #.#.# #.#.# #...# #...# #...#",
        ['N'] = "#...# #...# ##..# #.#.# #..## #...# #...#",
        ['O'] = ".###. #...# #...# #...# #...# #...# .###.",
        ['P'] = "####. #...# #...# ####. #.... #.... #....",
        ['Q'] = ".###. #...# #...# #...# #.#.# #..#. .##.#",
        ['R'] = "####. #...# #...# ####. #.#.. #..#. #...#",
        ['S'] = ".#### #.... #.... .###. ....# ....# ####.",
        ['T'] = "##### ..#.. ..#.. ..#.. ..#.. ..#.. ..#..",
        ['U'] = "#...# #...# #...# #...# #...# #...# .###.",
        ['V'] = "#...# #...# #...# #...# #...# .#.#. ..#..",
        ['W'] = "#...# #...# #...# #.#.# #.#.# #.#.# .#.#.",
        ['X'] = "#...# #...# .#.#. ..#.. .#.#. #...# #...#",
        ['Y'] = "#...# #...# .#.#. ..#.. ..#.. ..#.. ..#..",
        ['Z'] = "##### ....# ...#. ..#.. .#... #.... #####",
        ['0'] = ".###. #...# #..## #.#.# ##..# #...# .###.",
        ['1'] = "..#.. .##.. ..#.. ..#.. ..#.. ..#.. .###.",
        ['2'] = ".###. #...# ....# ...#. ..#.. .#... #####",
        ['3'] = "##### ...#. ..#.. ...#. ....# #...# .###.",
        ['4'] = "...#. ..##. .#.#. #..#. ##### ...#. ...#.",
        ['5'] = "##### #.... ####. ....# ....# #...# .###.",
        ['6'] = "..##. .#... #.... ####. #...# #...# .###.",
        ['7'] = "##### ....# ...#. ..#.. .#... .#... .#...",
        ['8'] = ".###. #...# #...# .###. #...# #...# .###.",
        ['9'] = ".###. #...# #...# .#### ....# ...#. .##..",
        ['.'] = "..... ..... ..... ..... ..... .##.. .##..",
        [','] = "..... ..... ..... ..... .##.. ..#.. .#...",
        ['-'] = "..... ..... ..... .###. ..... ..... .....",
        ['_'] = "..... ..... ..... ..... ..... ..... #####",
        ['/'] = "..... ....# ...#. ..#.. .#... #.... .....",
        ['('] = "...#. ..#.. .#... .#... .#... ..#.. ...#.",
        [')'] = ".#... ..#.. ...#. ...#. ...#. ..#.. .#...",
        [':'] = "..... .##.. .##.. ..... .##.. .##.. .....",
        ['\''] = "..#.. ..#.. .#... ..... ..... ..... .....",
        ['&'] = ".##.. #..#. #.#.. .#... #.#.# #..#. .##.#",
        ['+'] = "..... ..#.. ..#.. ##### ..#.. ..#.. .....",
        ['%'] = "##... ##..# ...#. ..#.. .#... #..## ...##",
        ['#'] = ".#.#. .#.#. ##### .#.#. ##### .#.#. .#.#.",
        ['?'] = ".###. #...# ....# ...#. ..#.. ..... ..#..",
        ['!'] = "..#.. ..#.. ..#.. ..#.. ..#.. ..... ..#..",
    };

    /// <summary>The glyphs as bit masks: bit (row x 5 + column) set where there is ink.</summary>
    private static readonly Dictionary<char, long> Glyphs = Rows.ToDictionary(p => p.Key, p => Bits(p.Value));

    /// <summary>The width in pixels of <paramref name="text"/> drawn at <paramref name="scale"/> (no spacing after the last glyph).</summary>
    public static int Measure(string text, int scale) => text.Length == 0 ? 0 : (text.Length * Advance - 1) * scale;

    /// <summary>Whether the pixel (<paramref name="x"/>, <paramref name="y"/>) of <paramref name="c"/>'s glyph has ink.</summary>
    public static bool Ink(char c, int x, int y) => (Glyph(c) >> (y * GlyphWidth + x) & 1) != 0;

    /// <summary>Calls <paramref name="plot"/> for every inked pixel of <paramref name="text"/> with its top left at
    /// (<paramref name="left"/>, <paramref name="top"/>), each font pixel a <paramref name="scale"/> x scale square.</summary>
    public static void Draw(string text, int left, int top, int scale, Action<int, int> plot)
    {
        for (int i = 0; i < text.Length; i++)
            for (int y = 0; y < GlyphHeight; y++)
                for (int x = 0; x < GlyphWidth; x++)
                    if (Ink(text[i], x, y))
                        for (int dy = 0; dy < scale; dy++)
                            for (int dx = 0; dx < scale; dx++) plot(left + (i * Advance + x) * scale + dx, top + y * scale + dy);
    }

    private static long Glyph(char c) => Glyphs.TryGetValue(char.ToUpperInvariant(c), out long bits) ? bits : Glyphs['?'];

    private static long Bits(string rows)
    {
        var lines = rows.Split(' ');
        if (lines.Length != GlyphHeight || lines.Any(l => l.Length != GlyphWidth)) throw new InvalidOperationException($"a glyph of the wrong size: {rows}");
        long bits = 0;
        for (int y = 0; y < GlyphHeight; y++)
            for (int x = 0; x < GlyphWidth; x++)
                if (lines[y][x] == '#') bits |= 1L << (y * GlyphWidth + x);
        return bits;
    }
}
