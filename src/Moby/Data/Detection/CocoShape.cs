namespace Moby.Data.Detection;

/// <summary>
/// An annotation's <c>segmentation</c> as the file gives it, kept compact until a mask is needed: polygons (at the
/// rasteriser's scale, which is all pycocotools uses of their coordinates), uncompressed runs, or the compressed string
/// (its bytes). <see cref="Check"/> validates it against its image once, when the file is read, so that
/// <see cref="ToRle"/> cannot fail later.
/// </summary>
internal sealed class CocoShape
{
    private readonly int[][]? polygons;
    private readonly int[]? runs;
    private readonly byte[]? compressed;
    private readonly int rleHeight, rleWidth;

    private CocoShape(int[][]? polygons, int[]? runs, byte[]? compressed, int rleHeight, int rleWidth) =>
        (this.polygons, this.runs, this.compressed, this.rleHeight, this.rleWidth) = (polygons, runs, compressed, rleHeight, rleWidth);

    /// <param name="polygons">Each x0, y0, x1, y1, ... at the rasteriser's scale (<see cref="PolygonRaster.Scaled"/>).</param>
    public static CocoShape Polygons(int[][] polygons) => new(polygons, null, null, 0, 0);

    public static CocoShape Runs(int[] runs, int height, int width) => new(null, runs, null, height, width);

    public static CocoShape Compressed(byte[] text, int height, int width) => new(null, null, text, height, width);

    /// <summary>The rectangle [x, y, w, h] as pycocotools' frBbox draws it (the polygon of its corners).</summary>
    public static CocoShape Box(double[] box)
    {
        double xs = box[0], ys = box[1], xe = xs + box[2], ye = ys + box[3];
        return Polygons([new[] { xs, ys, xs, ye, xe, ye, xe, ys }.Select(PolygonRaster.Scaled).ToArray()]);
    }

    /// <summary>Polygons of fewer than three points enclose nothing and are left out (as mmdet does).</summary>
    private IEnumerable<int[]> Outlines => polygons!.Where(p => p.Length >= 6);

    /// <summary>Throws a <see cref="FormatException"/> when the shape does not fit an image of this size or is damaged.</summary>
    public void Check(int height, int width)
    {
        if (polygons is not null)
        {
            long samples = Outlines.Sum(p => PolygonRaster.Samples(p)), limit = PolygonRaster.MaxSamples(height, width);
            if (samples > limit)
                throw new FormatException($"its polygons' outline is {samples / 5:N0} pixels long, more than a mask of {width} x {height} pixels can have ({limit / 5:N0})");
            return;
        }
        if (rleHeight != height || rleWidth != width)
            throw new FormatException($"its RLE has size [{rleHeight}, {rleWidth}] (height, width), but its image is {height} x {width}");
        _ = ToRle(height, width);
    }

    /// <summary>The mask at the image's size; the parts of a polygon annotation joined (pycocotools' frPyObjects + merge).</summary>
    public RleMask ToRle(int height, int width)
    {
        if (runs is not null) return RleMask.FromCounts(runs.Select(r => (long)r).ToArray(), height, width);
        if (compressed is not null) return RleMask.FromString(compressed, height, width);
        var parts = Outlines.Select(p => PolygonRaster.Rasterize(p, height, width)).ToList();
        return parts.Count == 1 ? parts[0] : RleMask.Union(parts, height, width);
    }
}
