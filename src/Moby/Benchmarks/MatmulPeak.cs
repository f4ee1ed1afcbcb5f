using System.Diagnostics;
using static TorchSharp.torch;

namespace Moby.Benchmarks;

/// <summary>The machine's practical peak: GFLOP/s of a large square matrix product in the given dtype, best of several runs.</summary>
internal static class MatmulPeak
{
    public static double Measure(ScalarType dtype = ScalarType.Float32, int size = 2048, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        var a = randn(size, size).to(dtype);
        var b = randn(size, size).to(dtype);
        a.matmul(b).Dispose(); // warm-up
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            a.matmul(b).Dispose();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * size * size * size / best / 1e9;
    }
}
