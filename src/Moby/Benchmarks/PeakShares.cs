using static TorchSharp.torch;

namespace Moby.Benchmarks;

/// <summary>
/// The two peaks an achieved FLOP rate is compared with, measured in the same process: LibTorch's own GEMM
/// (<see cref="MatmulPeak"/>, which on some CPUs is far from the hardware's) and the hardware's FMA throughput
/// (<see cref="HardwarePeak"/>, NaN when it could not be measured; <see cref="HardwareBasis"/> says which loop or why not).
/// </summary>
internal sealed record PeakShares(double GemmGflops, double HardwareGflops, string HardwareBasis)
{
    public static PeakShares Measure(ScalarType dtype)
    {
        var hardware = HardwarePeak.Measure(dtype, get_num_threads());
        return new PeakShares(MatmulPeak.Measure(dtype), hardware.Gflops, hardware.Basis);
    }
}
