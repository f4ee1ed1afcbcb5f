using System.Runtime.InteropServices;

namespace Moby.Benchmarks;

/// <summary>
/// The FMA-throughput loops of build/native/fma_peak.cpp (libmoby_peak.so, compiled with g++ at build time): many
/// independent accumulators, no memory traffic, so a call runs at the FMA units' throughput.
/// </summary>
internal static partial class FmaKernel
{
    private const string Library = "moby_peak";

    /// <summary>The loops, by the instruction set each needs; the numbers are the native library's.</summary>
    internal enum Variant
    {
        Avx2Fp32 = 0,
        Avx512Fp32 = 1,
        Avx512Bf16 = 2,
    }

    /// <summary>Accumulator registers of each loop (the compiled kernel's constants).</summary>
    internal static int Accumulators(Variant variant) => variant == Variant.Avx2Fp32 ? 12 : 24;

    /// <summary>fp32 lanes per register.</summary>
    internal static int Lanes(Variant variant) => variant == Variant.Avx2Fp32 ? 8 : 16;

    /// <summary>Floating-point operations per lane and instruction: an FMA is 2, vdpbf16ps adds two products (4).</summary>
    internal static int FlopsPerLane(Variant variant) => variant == Variant.Avx512Bf16 ? 4 : 2;

    internal static string Describe(Variant variant) => variant switch
    {
        Variant.Avx2Fp32 => "AVX2 FMA fp32",
        Variant.Avx512Fp32 => "AVX-512 FMA fp32",
        _ => "AVX-512 BF16 (vdpbf16ps)",
    };

    /// <summary>Whether the CPU (and the OS) support the loop's instructions; throws DllNotFoundException without the library.</summary>
    internal static bool Supported(Variant variant) => moby_peak_supported((int)variant) != 0;

    /// <summary>
    /// Runs <paramref name="iterations"/> rounds of the loop on the calling thread with operands a and b; returns the
    /// floating-point operations performed, and the sum of every accumulator lane (accumulator i starts at i).
    /// </summary>
    internal static (double Flops, float Checksum) Run(Variant variant, long iterations, float a = 1, float b = 1)
    {
        double flops = moby_peak_run((int)variant, iterations, a, b, out float checksum);
        if (flops < 0) throw new PlatformNotSupportedException($"This CPU lacks the instructions of the {Describe(variant)} loop.");
        return (flops, checksum);
    }

    [LibraryImport(Library)]
    private static partial int moby_peak_supported(int variant);

    [LibraryImport(Library)]
    private static partial double moby_peak_run(int variant, long iterations, float a, float b, out float checksum);
}
