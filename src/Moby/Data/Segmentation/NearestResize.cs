namespace Moby.Data.Segmentation;

/// <summary>
/// Label maps resized as mmcv resizes them (OpenCV's INTER_NEAREST): output pixel x reads source pixel
/// floor(x * inverse), inverse = 1 / (output / source) computed in doubles as OpenCV does (it can fall a hair below
/// source / output), clamped to the last one. Labels are never blended.
/// </summary>
internal static class NearestResize
{
    public static LabelMap Resize(LabelMap source, int width, int height)
    {
        if (width == source.Width && height == source.Height) return source;
        var columns = Sources(source.Width, width);
        var labels = new byte[width * height];
        for (int y = 0; y < height; y++)
        {
            int sy = Source(y, source.Height, height);
            var row = source.Labels.AsSpan(sy * source.Width, source.Width);
            for (int x = 0; x < width; x++) labels[y * width + x] = row[columns[x]];
        }
        return new LabelMap(labels, width, height);
    }

    private static int[] Sources(int from, int to) => Enumerable.Range(0, to).Select(x => Source(x, from, to)).ToArray();

    private static int Source(int x, int from, int to) => Math.Min((int)Math.Floor(x * (1.0 / ((double)to / from))), from - 1);
}
