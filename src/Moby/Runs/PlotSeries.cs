namespace Moby.Runs;

/// <summary>
/// One plotted series read from metrics.jsonl, in bounded memory however long the log: the points are kept in at most
/// <see cref="MaxBuckets"/> buckets of equal key width. While the keys (optimizer steps, epochs) fit one per bucket,
/// every point is kept and a repeated key keeps its latest value, so a short run draws exactly its records; beyond,
/// the width doubles and neighbouring buckets merge, each keeping its first and last point and its lowest and highest,
/// so spikes and the ends of the curve stay visible. (A 165 MB log of 3,000,000 iterations, read whole for the
/// plots, took 4 GB.)
/// </summary>
internal sealed class PlotSeries(int maxBuckets = PlotSeries.MaxBuckets)
{
    /// <summary>At most four points a bucket: a few thousand points, more than a plot's width in pixels.</summary>
    public const int MaxBuckets = 2000;

    private readonly record struct Point(double Key, double X, double Y);

    private sealed class Bucket(Point point)
    {
        public Point First = point, Last = point, Low = point, High = point;

        public bool SingleKey => First.Key == Last.Key;

        public void Add(Point p)
        {
            if (SingleKey && p.Key == First.Key)
            {
                First = Last = Low = High = p; // the same key again: the latest value wins
                return;
            }
            if (p.Key <= First.Key) First = p;
            if (p.Key >= Last.Key) Last = p;
            if (p.Y < Low.Y) Low = p;
            if (p.Y > High.Y) High = p;
        }

        public void Merge(Bucket later)
        {
            if (later.First.Key < First.Key) First = later.First;
            if (later.Last.Key >= Last.Key) Last = later.Last;
            if (later.Low.Y < Low.Y) Low = later.Low;
            if (later.High.Y > High.Y) High = later.High;
        }

        /// <summary>Its points in key order, each key once (first and last win over the extremes: they are the latest).</summary>
        public IEnumerable<Point> Points() => new[] { First, Last, Low, High }.DistinctBy(p => p.Key).OrderBy(p => p.Key);
    }

    private SortedDictionary<double, Bucket> buckets = new();
    private double origin = double.NaN, width = 1;

    /// <summary>How many buckets hold points (at most the bound given).</summary>
    public int Buckets => buckets.Count;

    /// <param name="key">What orders the points and what a repeat of replaces (the step; the epoch).</param>
    public void Add(double key, double x, double y)
    {
        if (double.IsNaN(origin)) origin = Math.Floor(key);
        var point = new Point(key, x, y);
        double index = Math.Floor((key - origin) / width);
        if (buckets.TryGetValue(index, out var bucket)) bucket.Add(point);
        else buckets[index] = new Bucket(point);
        while (buckets.Count > maxBuckets) Coarsen();
    }

    /// <summary>The points to draw, in key order.</summary>
    public IReadOnlyList<(double X, double Y)> Points() => buckets.Values.SelectMany(b => b.Points()).Select(p => (p.X, p.Y)).ToArray();

    /// <summary>Doubles the width: buckets 2i and 2i + 1 become bucket i. Indices are halved towards minus infinity,
    /// so repeated halving brings any finite index to 0 or -1 and the loop in <see cref="Add"/> ends.</summary>
    private void Coarsen()
    {
        width *= 2;
        var merged = new SortedDictionary<double, Bucket>();
        foreach (var (index, bucket) in buckets)
        {
            double half = Math.Floor(index / 2);
            if (merged.TryGetValue(half, out var earlier)) earlier.Merge(bucket);
            else merged[half] = bucket;
        }
        buckets = merged;
    }
}
