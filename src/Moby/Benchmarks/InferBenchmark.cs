using System.Diagnostics;
using Moby.Backbones;
using Moby.Evaluation;
using Moby.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Benchmarks;

/// <summary>Feature extraction speed: eval-mode backbone forward passes on synthetic batches (median of timed runs after warm-up).</summary>
internal static class InferBenchmark
{
    public static InferBenchmarkResult Run(string preset, int batch, int? imageSize, int? inChans, bool convStem, int warmup = 2, int iterations = 5,
                                           string precision = "auto", string device = "cpu")
    {
        var target = ComputeDevice.Parse(device, "the device");
        var matmul = Nn.Precision.Parse(precision, target);
        using (Nn.Precision.Use(matmul))
        {
            var config = BackboneRegistry.Get(preset).WithInput(imageSize, inChans).WithConvStem(convStem);
            Config.Memory.RunMemory.CheckModel(config, batch, Config.Memory.EncoderRuns.Features());
            manual_seed(0);
            using var model = BackboneRegistry.Create(config);
            if (!ComputeDevice.IsCpu(target)) model.to(target);
            using var images = randn(batch, model.InChans, model.ImageSize, model.ImageSize, device: target);
            var times = new List<double>();
            for (int i = 0; i < warmup + iterations; i++)
            {
                var clock = Stopwatch.StartNew();
                FeatureExtractor.Extract(model, images, batch).Dispose();
                if (i >= warmup) times.Add(clock.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            double median = times[times.Count / 2], gflops = ModelFlops.Forward(config) * batch / 1e9 / (median / 1000);
            var peaks = PeakShares.Measure(matmul, target);
            return new InferBenchmarkResult(preset, batch, model.ImageSize, Nn.Precision.Name(matmul), CpuDescription.Read(),
                                            median, batch / (median / 1000), gflops, peaks.GemmLibrary, peaks.GemmGflops, gflops / peaks.GemmGflops,
                                            peaks.HardwareGflops, peaks.HardwareBasis, gflops / peaks.HardwareGflops);
        }
    }
}
