namespace Moby.Data.Detection;

/// <summary>
/// Polygons to masks exactly as pycocotools' rleFrPoly: vertices scaled by 5 and rounded (<see cref="Scaled"/>), the
/// closed outline sampled densely at that scale, the points where it crosses a pixel column's centre line kept as the
/// column's boundaries (y rounded up), and the runs between consecutive boundaries in column-major order alternating
/// background and mask. Samples are visited one at a time, so only the crossings are stored; their count, and the
/// time, are bounded by <see cref="Samples"/>, which the reader limits before rasterising a file's polygon.
/// </summary>
internal static class PolygonRaster
{
    private const double Scale = 5;

    /// <summary>The largest coordinate magnitude accepted: five times it still fits an int, and so do differences.</summary>
    public const double MaxCoordinate = 1e8;

    /// <summary>
    /// The most outline samples accepted for a mask of this size: ten per pixel (at scale 5, an outline twice as long as
    /// the image has pixels). A real outline is far shorter; a longer one is a crafted file's way to take time and memory.
    /// </summary>
    public static long MaxSamples(int height, int width) => 10L * (height + 1) * (width + 1);

    /// <summary>A coordinate at the rasteriser's scale, rounded as pycocotools rounds it (<c>(int)(5 x + .5)</c>).</summary>
    public static int Scaled(double v) => (int)(Scale * v + .5);

    /// <summary>How many outline samples the polygon (scaled coordinates x0, y0, x1, y1, ...) takes.</summary>
    public static long Samples(ReadOnlySpan<int> xy)
    {
        int k = xy.Length / 2;
        long samples = 0;
        for (int j = 0; j < k; j++)
        {
            int next = (j + 1) % k;
            samples += Math.Max(Math.Abs((long)xy[2 * next] - xy[2 * j]), Math.Abs((long)xy[2 * next + 1] - xy[2 * j + 1])) + 1;
        }
        return samples;
    }

    /// <summary>The mask of one polygon given in scaled coordinates.</summary>
    public static RleMask Rasterize(ReadOnlySpan<int> xy, int height, int width)
    {
        var crossings = new Crossings(height, width);
        int k = xy.Length / 2;
        for (int j = 0; j < k; j++)
        {
            int next = (j + 1) % k;
            Edge(xy[2 * j], xy[2 * j + 1], xy[2 * next], xy[2 * next + 1], crossings);
        }
        return crossings.ToRle();
    }

    /// <summary>Samples one edge along its longer axis, from the end with the smaller coordinate on that axis.</summary>
    private static void Edge(int xs, int ys, int xe, int ye, Crossings crossings)
    {
        int dx = Math.Abs(xe - xs), dy = Math.Abs(ys - ye);
        bool flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
        if (flip) (xs, xe, ys, ye) = (xe, xs, ye, ys);
        if (dx >= dy)
        {
            // A repeated vertex (dx = dy = 0) has no slope; pycocotools divides 0 by 0 there, but never uses that sample's y.
            double s = dx == 0 ? 0 : (double)(ye - ys) / dx;
            for (int d = 0; d <= dx; d++)
            {
                int t = flip ? dx - d : d;
                crossings.Add(t + xs, (int)(ys + s * t + .5));
            }
        }
        else
        {
            double s = (double)(xe - xs) / dy;
            for (int d = 0; d <= dy; d++)
            {
                int t = flip ? dy - d : d;
                crossings.Add((int)(xs + s * t + .5), t + ys);
            }
        }
    }

    /// <summary>The column boundaries found so far, from consecutive outline samples.</summary>
    private sealed class Crossings(int height, int width)
    {
        private readonly List<long> positions = [];
        private bool started;
        private int lastU, lastV;

        public void Add(int u, int v)
        {
            if (started && u != lastU)
            {
                double xd = u < lastU ? u : u - 1;
                xd = (xd + .5) / Scale - .5;
                if (Math.Floor(xd) == xd && xd >= 0 && xd <= width - 1)
                {
                    double yd = Math.Min(v, lastV);
                    yd = (yd + .5) / Scale - .5;
                    yd = Math.Ceiling(yd < 0 ? 0 : yd > height ? height : yd);
                    positions.Add((long)xd * height + (long)yd);
                }
            }
            (lastU, lastV, started) = (u, v, true);
        }

        /// <summary>Sorted boundaries to runs; two boundaries at one position cancel (pycocotools merges the run after them into the one before).</summary>
        public RleMask ToRle()
        {
            positions.Add((long)height * width);
            positions.Sort();
            var differences = new long[positions.Count];
            long previous = 0;
            for (int j = 0; j < positions.Count; j++) (differences[j], previous) = (positions[j] - previous, positions[j]);
            var runs = new List<long> { differences[0] };
            for (int j = 1; j < differences.Length;)
            {
                if (differences[j] > 0) runs.Add(differences[j++]);
                else if (++j < differences.Length) runs[^1] += differences[j++];
            }
            return RleMask.FromCounts(runs, height, width);
        }
    }
}
