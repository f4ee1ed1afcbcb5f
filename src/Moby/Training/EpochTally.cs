using System.Diagnostics;

namespace Moby.Training;

/// <summary>An epoch's running sums (loss, gradient norm, images of every rank) and clocks, for its <see cref="EpochMetrics"/> and each step's throughput.</summary>
internal sealed class EpochTally
{
    private readonly Stopwatch epoch = Stopwatch.StartNew();
    private readonly Stopwatch lap = Stopwatch.StartNew();
    private double loss, gradNorm, images;

    /// <summary>Steps counted so far.</summary>
    public int Steps { get; private set; }

    /// <summary>Seconds since the last lap (or the epoch's start), restarting the lap: one step's time.</summary>
    public double Lap()
    {
        double seconds = lap.Elapsed.TotalSeconds;
        lap.Restart();
        return Math.Max(seconds, 1e-9);
    }

    public void Add(double stepLoss, double stepGradNorm, double stepImages)
    {
        (loss, gradNorm, images) = (loss + stepLoss, gradNorm + stepGradNorm, images + stepImages);
        Steps++;
    }

    /// <summary>The means over the steps counted, at the end of <paramref name="epochIndex"/> with <paramref name="step"/> steps taken in all.</summary>
    public EpochMetrics Metrics(int epochIndex, long step) =>
        new(epochIndex, step, loss / Math.Max(Steps, 1), gradNorm / Math.Max(Steps, 1), images / epoch.Elapsed.TotalSeconds, epoch.Elapsed);
}
