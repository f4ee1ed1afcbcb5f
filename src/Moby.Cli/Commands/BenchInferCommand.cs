using System.ComponentModel;
using System.Text.Json;
using Moby.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class BenchInferCommand : Command<BenchInferCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("-m|--model <PRESET>")]
        [DefaultValue("swin_tiny_patch4_window7_224")]
        public string Model { get; init; } = "swin_tiny_patch4_window7_224";

        [CommandOption("-b|--batch <N>")]
        [DefaultValue(64)]
        public int Batch { get; init; } = 64;

        [CommandOption("--img <SIZE>")]
        public int? Img { get; init; }

        [CommandOption("--in-chans <N>")]
        public int? InChans { get; init; }

        [CommandOption("--iterations <N>")]
        [DefaultValue(5)]
        public int Iterations { get; init; } = 5;

        [CommandOption("--precision <P>")]
        [DefaultValue("fp32")]
        public string Precision { get; init; } = "fp32";

        [CommandOption("--json")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var r = InferBenchmark.Run(s.Model, s.Batch, s.Img, s.InChans, iterations: s.Iterations, precision: Moby.Nn.ComputePrecision.Parse(s.Precision));
        if (s.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(r, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("metric", "value");
        table.AddRow("model", $"{r.Model} @ {r.ImageSize}px, batch {r.Batch}, {r.Precision}, eval mode");
        table.AddRow("median batch", $"{r.MedianMs:F0} ms");
        table.AddRow("features/s", $"{r.ImagesPerSecond:F1}");
        table.AddRow("achieved", $"{r.AchievedGflops:F1} GFLOP/s ({r.ShareOfPeak:P1} of the measured {r.PeakGflops:F0})");
        AnsiConsole.Write(table);
        return 0;
    }
}
