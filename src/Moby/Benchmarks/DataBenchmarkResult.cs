namespace Moby.Benchmarks;

/// <summary>Loader throughput of one case (data set and view size) at one worker count.</summary>
internal sealed record DataBenchmarkResult(string Case, int Workers, int Images, double Seconds)
{
    public double ImagesPerSecond => Images / Seconds;
    public double PerWorker => ImagesPerSecond / Workers;
    public override string ToString() =>
        $"{Case,-28} workers {Workers}: {ImagesPerSecond,8:F1} two-view images/s ({PerWorker:F1} per worker, {Images} images in {Seconds:F2} s)";
}
