using Moby.Data;
using Moby.Data.Segmentation;
using Moby.Interop;
using SkiaSharp;

namespace Moby.Segmentation;

/// <summary>One validation image drawn for a person: the image, its ground truth and the prediction side by side (PNG), labels in <see cref="Palette"/> colours.</summary>
internal static class PredictionPicture
{
    public static void Save(string path, DecodedImage image, LabelMap truth, byte[] prediction)
    {
        int w = image.Width, h = image.Height;
        using var bitmap = new SKBitmap(3 * w, h, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = image.Pixels.Span;
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int at = (y * w + x) * image.Channels;
                byte r = pixels[at], g = pixels[at + (image.Channels == 3 ? 1 : 0)], b = pixels[at + (image.Channels == 3 ? 2 : 0)];
                bitmap.SetPixel(x, y, new SKColor(r, g, b));
                bitmap.SetPixel(w + x, y, Colour(truth.Labels[y * w + x]));
                bitmap.SetPixel(2 * w + x, y, Colour(prediction[y * w + x]));
            }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        AtomicFile.Write(path, data.SaveTo);
    }

    private static SKColor Colour(byte label) => new(Palette.Colours[3 * label], Palette.Colours[3 * label + 1], Palette.Colours[3 * label + 2]);
}
