using System.Diagnostics;
using static TorchSharp.torch;

namespace Moby.Benchmarks;

/// <summary>The hardware's peak in GFLOP/s and the loop that measured it, or NaN and why it was not measured.</summary>
internal sealed record HardwarePeakResult(double Gflops, string Basis);

/// <summary>
/// The CPU's peak floating-point rate for matrix products of a dtype, measured with <see cref="FmaKernel"/> on as many
/// threads as LibTorch uses, independently of any GEMM library. fp32: the widest FMA the CPU reports (AVX-512, else
/// AVX2). bf16: vdpbf16ps where the CPU has it; elsewhere LibTorch computes bf16 products with fp32 FMAs, so the fp32
/// peak is the basis (and is labelled so).
/// </summary>
internal static class HardwarePeak
{
    private const double SecondsPerRun = 0.15;

    public static HardwarePeakResult Measure(ScalarType dtype, int threads, int repeats = 5)
    {
        try
        {
            var (variant, note) = Choose(dtype);
            if (variant is not FmaKernel.Variant chosen) return new HardwarePeakResult(double.NaN, note);
            return new HardwarePeakResult(Best(chosen, threads, repeats), FmaKernel.Describe(chosen) + note);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return new HardwarePeakResult(double.NaN,
                "not measured: the FMA kernel libmoby_peak.so is missing (g++ compiles it from build/native/fma_peak.cpp at build time)");
        }
    }

    private static (FmaKernel.Variant? Variant, string Note) Choose(ScalarType dtype)
    {
        if (dtype == ScalarType.BFloat16 && FmaKernel.Supported(FmaKernel.Variant.Avx512Bf16)) return (FmaKernel.Variant.Avx512Bf16, "");
        string note = dtype == ScalarType.BFloat16 ? " (no bf16 units: LibTorch computes bf16 products with fp32 FMAs)" : "";
        if (FmaKernel.Supported(FmaKernel.Variant.Avx512Fp32)) return (FmaKernel.Variant.Avx512Fp32, note);
        if (FmaKernel.Supported(FmaKernel.Variant.Avx2Fp32)) return (FmaKernel.Variant.Avx2Fp32, note);
        return (null, "not measured: the CPU reports neither AVX2 with FMA nor AVX-512");
    }

    /// <summary>Best of several runs of the loop on every thread at once, each run sized to last about 0.15 s.</summary>
    private static double Best(FmaKernel.Variant variant, int threads, int repeats)
    {
        const long probe = 1 << 20;
        var clock = Stopwatch.StartNew();
        FmaKernel.Run(variant, probe);
        long iterations = Math.Max(probe, (long)(probe * SecondsPerRun / clock.Elapsed.TotalSeconds));
        double best = 0;
        for (int r = 0; r < repeats; r++)
            best = Math.Max(best, Concurrent(variant, iterations, threads));
        return best;
    }

    private static double Concurrent(FmaKernel.Variant variant, long iterations, int threads)
    {
        using var start = new ManualResetEventSlim();
        var flops = new double[threads];
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            start.Wait();
            flops[t] = FmaKernel.Run(variant, iterations).Flops;
        })).ToList();
        workers.ForEach(w => w.Start());
        var clock = Stopwatch.StartNew();
        start.Set();
        workers.ForEach(w => w.Join());
        return flops.Sum() / clock.Elapsed.TotalSeconds / 1e9;
    }
}
