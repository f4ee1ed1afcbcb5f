namespace Moby.Data;

/// <summary>
/// Applies an EXIF orientation tag (1-8) to decoded pixels, giving what PIL's ImageOps.exif_transpose gives.
/// </summary>
internal static class ExifOrientation
{
    public static DecodedImage Apply(DecodedImage image, int orientation)
    {
        if (orientation is < 2 or > 8)
            return image;
        int w = image.Width, h = image.Height, c = image.Channels;
        var (outW, outH) = Size(w, h, orientation);
        var src = image.Pixels.Span;
        var dst = new byte[src.Length];
        for (int y = 0; y < outH; y++)
        {
            for (int x = 0; x < outW; x++)
            {
                var (sx, sy) = SourceOf(orientation, x, y, w, h);
                src.Slice((sy * w + sx) * c, c).CopyTo(dst.AsSpan((y * outW + x) * c, c));
            }
        }
        return DecodedImage.Create(dst, outW, outH, c);
    }

    /// <summary>The displayed size of a stored <paramref name="width"/> x <paramref name="height"/> image: orientations 5-8
    /// turn it a quarter.</summary>
    public static (int Width, int Height) Size(int width, int height, int orientation) =>
        orientation is >= 5 and <= 8 ? (height, width) : (width, height);

    // Which stored pixel lands at displayed position (x, y) for a stored image of size w x h.
    static (int X, int Y) SourceOf(int orientation, int x, int y, int w, int h) => orientation switch
    {
        2 => (w - 1 - x, y),          // mirrored horizontally
        3 => (w - 1 - x, h - 1 - y),  // rotated 180
        4 => (x, h - 1 - y),          // mirrored vertically
        5 => (y, x),                  // transposed
        6 => (y, h - 1 - x),          // stored rotated 90 CCW: turn it 90 CW
        7 => (w - 1 - y, h - 1 - x),  // transversed
        _ => (w - 1 - y, x),          // 8: stored rotated 90 CW: turn it 90 CCW
    };
}
