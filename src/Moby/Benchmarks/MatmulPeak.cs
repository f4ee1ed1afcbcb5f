using System.Diagnostics;
using Moby.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Benchmarks;

/// <summary>
/// The practical peak of the library that multiplies the linear layers' matrices (<see cref="Fp32Gemm"/>): GFLOP/s of a
/// large square matrix product in the given dtype, best of several runs.
/// </summary>
internal static class MatmulPeak
{
    /// <param name="device">Where the product runs (null: the CPU); on a GPU each run waits for the kernel to finish.</param>
    public static double Measure(ScalarType dtype = ScalarType.Float32, Device? device = null, int size = 2048, int repeats = 5)
    {
        using var scope = NewDisposeScope();
        device ??= CPU;
        var a = randn(size, size, device: device).to(dtype);
        var b = randn(size, size, device: device).to(dtype);
        bool openBlas = Fp32Gemm.Multiplies(dtype, device);
        Product(a, b, device, openBlas); // warm-up
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            var clock = Stopwatch.StartNew();
            Product(a, b, device, openBlas);
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return 2.0 * size * size * size / best / 1e9;
    }

    private static void Product(Tensor a, Tensor b, Device device, bool openBlas)
    {
        (openBlas ? OpenBlas.MatMul(a, false, b, false) : a.matmul(b)).Dispose();
        if (device.type == DeviceType.CUDA) cuda.synchronize(device);
    }
}
