namespace Moby.Benchmarks;

/// <summary>What <see cref="TrainBenchmark"/> measured.</summary>
/// <param name="Cpu">The CPU's model name, family and model (/proc/cpuinfo): peaks differ between generations.</param>
/// <param name="GemmLibrary">The library that multiplies the linear layers' matrices in this precision (<see cref="Nn.Fp32Gemm"/>).</param>
/// <param name="GemmPeakGflops">That library's 2048^3 matrix product in the precision's dtype, measured in the same process.</param>
/// <param name="HardwarePeakGflops">The CPU's FMA throughput on as many threads (NaN when not measured).</param>
/// <param name="HardwarePeakBasis">The loop that measured <paramref name="HardwarePeakGflops"/>, or why it was not measured.</param>
internal sealed record TrainBenchmarkResult(
    string Model, int Batch, int ImageSize, int Threads, string Precision, string Cpu, double MedianMs, double ImagesPerSecond,
    double GflopPerIteration, double AchievedGflops, string GemmLibrary, double GemmPeakGflops, double ShareOfGemmPeak, double HardwarePeakGflops,
    string HardwarePeakBasis, double ShareOfHardwarePeak, double PeakResidentMb, IReadOnlyDictionary<string, double> PhaseMs);
