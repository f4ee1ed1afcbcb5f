namespace Moby.Data;

internal static class PixelLayoutExtensions
{
    public static void ToInterleaved(this PixelLayout layout, ReadOnlySpan<byte> src, Span<byte> dst, int w, int h, int c)
    {
        if (layout == PixelLayout.Interleaved)
        {
            src[..dst.Length].CopyTo(dst);
            return;
        }
        bool columnMajor = layout == PixelLayout.PlanarColumnMajor;
        for (int ch = 0; ch < c; ch++)
        {
            var plane = src.Slice(ch * w * h, w * h);
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    dst[(y * w + x) * c + ch] = plane[columnMajor ? x * h + y : y * w + x];
        }
    }
}
