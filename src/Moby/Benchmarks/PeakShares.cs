using Moby.Nn;
using static TorchSharp.torch;

namespace Moby.Benchmarks;

/// <summary>
/// The two peaks an achieved FLOP rate is compared with, measured in the same process: the GEMM of the library that
/// multiplies the linear layers' matrices (<see cref="MatmulPeak"/>, which on some CPUs is far from the hardware's) and the hardware's FMA throughput
/// (<see cref="HardwarePeak"/>, NaN when it could not be measured; <see cref="HardwareBasis"/> says which loop or why not).
/// </summary>
internal sealed record PeakShares(string GemmLibrary, double GemmGflops, double HardwareGflops, string HardwareBasis)
{
    /// <summary>On a GPU, LibTorch's product runs there and the CPU's FMA loop says nothing about it: the hardware peak is then not measured.</summary>
    public static PeakShares Measure(ScalarType dtype, Device device)
    {
        var hardware = ComputeDevice.IsCpu(device)
            ? HardwarePeak.Measure(dtype, get_num_threads())
            : new HardwarePeakResult(double.NaN, $"not measured: the model runs on {device}, the FMA kernel measures the CPU");
        return new PeakShares(Fp32Gemm.Library(dtype, device), MatmulPeak.Measure(dtype, device), hardware.Gflops, hardware.Basis);
    }
}
