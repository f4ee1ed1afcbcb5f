using Moby.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class BenchInferCommand : Command<BenchInferCommand.Settings>
{
    public sealed class Settings : BenchSettings;

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var r = InferBenchmark.Run(s.Model, s.Batch, s.Img, s.InChans, s.ConvStem, s.Warmup, s.Iterations, s.Precision, s.Device);
        if (s.Json)
        {
            BenchSettings.PrintJson(r);
            return 0;
        }
        var table = new Table().AddColumns("metric", "value");
        table.AddRow("model", $"{r.Model} @ {r.ImageSize}px, batch {r.Batch}, {r.Precision}, eval mode");
        table.AddRow("median batch", $"{r.MedianMs:F0} ms");
        table.AddRow("features/s", $"{r.ImagesPerSecond:F1}");
        table.AddRow("CPU", r.Cpu);
        table.AddRow("achieved", $"{r.AchievedGflops:F1} GFLOP/s");
        BenchSettings.AddPeakRows(table, r.Precision, r.GemmLibrary, r.GemmPeakGflops, r.ShareOfGemmPeak, r.HardwarePeakGflops, r.HardwarePeakBasis,
                                  r.ShareOfHardwarePeak);
        AnsiConsole.Write(table);
        return 0;
    }
}
