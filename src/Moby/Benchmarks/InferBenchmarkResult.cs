namespace Moby.Benchmarks;

internal sealed record InferBenchmarkResult(string Model, int Batch, int ImageSize, string Precision, double MedianMs, double ImagesPerSecond,
                                          double AchievedGflops, double PeakGflops, double ShareOfPeak);
