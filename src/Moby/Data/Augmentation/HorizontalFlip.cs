namespace Moby.Data;

/// <summary>Mirrors an image left to right in place.</summary>
internal static class HorizontalFlip
{
    public static void Apply(ImageBuffer image)
    {
        int w = image.Width, c = image.Channels;
        var pixels = image.Pixels;
        for (int y = 0; y < image.Height; y++)
        {
            var row = pixels.Slice(y * w * c, w * c);
            for (int l = 0, r = w - 1; l < r; l++, r--)
            {
                for (int ch = 0; ch < c; ch++)
                    (row[l * c + ch], row[r * c + ch]) = (row[r * c + ch], row[l * c + ch]);
            }
        }
    }
}
