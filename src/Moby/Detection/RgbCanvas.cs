using Moby.Data;
using Moby.Interop;
using SkiaSharp;

namespace Moby.Detection;

/// <summary>An RGB picture drawn pixel by pixel (drawing outside it is clipped) and saved as a PNG.</summary>
internal sealed class RgbCanvas(int width, int height)
{
    private readonly byte[] pixels = new byte[3 * width * height];

    public int Width => width;
    public int Height => height;

    /// <summary>Copies <paramref name="image"/> (grey or RGB) with its top left at (<paramref name="left"/>, 0), each
    /// pixel a <paramref name="scale"/> x scale square (nearest neighbour).</summary>
    public void Blit(DecodedImage image, int left, int scale)
    {
        var source = image.Pixels.Span;
        for (int y = 0; y < image.Height * scale; y++)
            for (int x = 0; x < image.Width * scale; x++)
            {
                int at = ((y / scale) * image.Width + x / scale) * image.Channels;
                Set(left + x, y, image.Channels == 3 ? (source[at], source[at + 1], source[at + 2]) : (source[at], source[at], source[at]));
            }
    }

    public (byte R, byte G, byte B) Get(int x, int y)
    {
        int at = 3 * (y * width + x);
        return (pixels[at], pixels[at + 1], pixels[at + 2]);
    }

    public void Set(int x, int y, (byte R, byte G, byte B) colour)
    {
        if (x < 0 || y < 0 || x >= width || y >= height) return;
        int at = 3 * (y * width + x);
        (pixels[at], pixels[at + 1], pixels[at + 2]) = colour;
    }

    /// <summary>Mixes <paramref name="colour"/> into the pixel with weight <paramref name="alpha"/> (0: unchanged, 1: replaced).</summary>
    public void Blend(int x, int y, (byte R, byte G, byte B) colour, double alpha)
    {
        if (x < 0 || y < 0 || x >= width || y >= height) return;
        var (r, g, b) = Get(x, y);
        static byte Mix(byte under, byte over, double a) => (byte)Math.Round(under + a * (over - under));
        Set(x, y, (Mix(r, colour.R, alpha), Mix(g, colour.G, alpha), Mix(b, colour.B, alpha)));
    }

    /// <summary>Fills the pixels x in [<paramref name="x1"/>, <paramref name="x2"/>), y in [<paramref name="y1"/>, <paramref name="y2"/>).</summary>
    public void Fill(int x1, int y1, int x2, int y2, (byte R, byte G, byte B) colour)
    {
        for (int y = Math.Max(0, y1); y < Math.Min(height, y2); y++)
            for (int x = Math.Max(0, x1); x < Math.Min(width, x2); x++) Set(x, y, colour);
    }

    /// <summary>The outline of the rectangle [x1, x2) x [y1, y2), <paramref name="thickness"/> pixels wide, inside it.</summary>
    public void Outline(int x1, int y1, int x2, int y2, int thickness, (byte R, byte G, byte B) colour)
    {
        Fill(x1, y1, x2, Math.Min(y2, y1 + thickness), colour);
        Fill(x1, Math.Max(y1, y2 - thickness), x2, y2, colour);
        Fill(x1, y1, Math.Min(x2, x1 + thickness), y2, colour);
        Fill(Math.Max(x1, x2 - thickness), y1, x2, y2, colour);
    }

    public void Save(string path)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var rgba = bitmap.GetPixelSpan();
        for (int p = 0; p < width * height; p++)
        {
            int row = p / width, column = p % width, at = row * bitmap.RowBytes + 4 * column;
            rgba[at] = pixels[3 * p];
            rgba[at + 1] = pixels[3 * p + 1];
            rgba[at + 2] = pixels[3 * p + 2];
            rgba[at + 3] = 255;
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, data.SaveTo);
    }
}
