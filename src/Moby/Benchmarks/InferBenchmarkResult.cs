namespace Moby.Benchmarks;

/// <summary>What <see cref="InferBenchmark"/> measured; the peaks as in <see cref="TrainBenchmarkResult"/>.</summary>
internal sealed record InferBenchmarkResult(string Model, int Batch, int ImageSize, string Precision, string Cpu, double MedianMs, double ImagesPerSecond,
                                          double AchievedGflops, string GemmLibrary, double GemmPeakGflops, double ShareOfGemmPeak, double HardwarePeakGflops,
                                          string HardwarePeakBasis, double ShareOfHardwarePeak);
