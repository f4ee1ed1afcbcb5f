namespace Moby.Benchmarks;

internal sealed record TrainBenchmarkResult(
    string Model, int Batch, int ImageSize, int Threads, string Precision, double MedianMs, double ImagesPerSecond, double GflopPerIteration,
    double AchievedGflops, double PeakGflops, double ShareOfPeak, double PeakResidentMb, IReadOnlyDictionary<string, double> PhaseMs);
