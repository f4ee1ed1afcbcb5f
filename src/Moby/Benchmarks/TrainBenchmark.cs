using System.Diagnostics;
using Moby.Backbones;
using Moby.Config;
using Moby.Data;
using Moby.Nn;
using Moby.Optim;
using Moby.Ssl;
using Moby.Training;
using static TorchSharp.torch;

namespace Moby.Benchmarks;

/// <summary>
/// Times whole MoBY training iterations (both encoders on both views, loss, backward, clipping, AdamW, momentum
/// update, enqueue) on synthetic inputs, after warm-up, and relates the achieved FLOP rate to two peaks measured in the
/// same process: the matrix product of the library the linear layers use and the hardware's FMA throughput (<see cref="PeakShares"/>).
/// </summary>
internal static class TrainBenchmark
{
    public static TrainBenchmarkResult Run(string preset, int batch, int? imageSize, int? inChans, bool convStem, int warmup = 2, int iterations = 5,
                                           int queueSize = 4096, int innerDim = 4096, string precision = "auto",
                                           Action<string>? log = null, string device = "cpu")
    {
        var target = ComputeDevice.Parse(device, "the device");
        var matmul = Precision.Parse(precision, target);
        NativeHeap.ReuseFreedMemory(); // as a training run does
        using var scope = Precision.Use(matmul);
        return Measure(preset, batch, imageSize, inChans, convStem, warmup, iterations, queueSize, innerDim, matmul, log, target);
    }

    private static TrainBenchmarkResult Measure(string preset, int batch, int? imageSize, int? inChans, bool convStem, int warmup, int iterations,
                                                int queueSize, int innerDim, ScalarType precision, Action<string>? log, Device device)
    {
        var encoder = BackboneRegistry.Get(preset).WithInput(imageSize, inChans).WithConvStem(convStem);
        Config.Memory.RunMemory.CheckModel(encoder, batch, Config.Memory.EncoderRuns.Pretraining(),
                                          [$"MODEL.MOBY.CONTRAST_NUM_NEGATIVE={queueSize}", $"MOBYNET.MOBY.INNER_DIM={innerDim}"]);
        var config = ModelConfigs.MoBYDefaults(encoder) with { QueueSize = queueSize, InnerDim = innerDim };
        manual_seed(0);
        using var model = new MoBY(config, device);
        using var optimizer = new AdamW(ParameterGroups.Official(model.TrainableParameters(), 0.05), 1e-4);
        var step = new PretrainStep(model, optimizer, 5.0);
        model.train();
        int size = model.Encoder.ImageSize, channels = model.Encoder.InChans;
        var source = new SyntheticSource(batch, channels, size, warmup + iterations, device: device);
        var times = new List<double>();
        var phases = new Dictionary<string, double>();
        var lap = new Stopwatch();
        bool timing = false;
        void Mark(string phase)
        {
            if (timing) phases[phase] = phases.GetValueOrDefault(phase) + lap.Elapsed.TotalMilliseconds / iterations;
            lap.Restart();
        }
        model.PhaseEnded = Mark;
        step.PhaseEnded = Mark;
        int i = 0;
        foreach (var views in source.Epoch(0))
        {
            using (views)
            {
                timing = i >= warmup;
                lap.Restart();
                var clock = Stopwatch.StartNew();
                step.Run([views], 1e-4, 0.99);
                double ms = clock.Elapsed.TotalMilliseconds;
                if (i++ >= warmup) times.Add(ms);
                log?.Invoke($"iteration {i}: {ms:F0} ms{(i <= warmup ? " (warm-up)" : "")}");
            }
        }
        times.Sort();
        double median = times[times.Count / 2];
        double gflop = ModelFlops.MoBYIterationPerImage(config, model.Encoder.NumFeatures) * batch / 1e9;
        double achieved = gflop / (median / 1000);
        var peaks = PeakShares.Measure(precision, device);
        return new TrainBenchmarkResult(preset, batch, size, get_num_threads(), Precision.Name(precision), CpuDescription.Read(),
                                        median, batch / (median / 1000), gflop, achieved, peaks.GemmLibrary, peaks.GemmGflops, achieved / peaks.GemmGflops,
                                        peaks.HardwareGflops, peaks.HardwareBasis, achieved / peaks.HardwareGflops, PeakResidentMegabytes(), phases);
    }

    /// <summary>VmHWM from /proc/self/status: the process's peak resident set.</summary>
    public static double PeakResidentMegabytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
