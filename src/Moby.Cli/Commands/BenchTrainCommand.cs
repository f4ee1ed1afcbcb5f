using System.ComponentModel;
using System.Text.Json;
using Moby.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class BenchTrainCommand : Command<BenchTrainCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("-m|--model <PRESET>")]
        [Description("Backbone preset, e.g. swin_tiny_patch4_window7_224, deit_small_patch16_224, swin_mini_patch2_window7_28.")]
        [DefaultValue("swin_tiny_patch4_window7_224")]
        public string Model { get; init; } = "swin_tiny_patch4_window7_224";

        [CommandOption("-b|--batch <N>")]
        [DefaultValue(8)]
        public int Batch { get; init; } = 8;

        [CommandOption("--img <SIZE>")]
        [Description("Input size (default: the preset's).")]
        public int? Img { get; init; }

        [CommandOption("--in-chans <N>")]
        [Description("Input channels (default: the preset's).")]
        public int? InChans { get; init; }

        [CommandOption("--queue <K>")]
        [DefaultValue(4096)]
        public int Queue { get; init; } = 4096;

        [CommandOption("--inner-dim <N>")]
        [Description("Hidden width of projector and predictor (official 4096).")]
        [DefaultValue(4096)]
        public int InnerDim { get; init; } = 4096;

        [CommandOption("--warmup <N>")]
        [DefaultValue(2)]
        public int Warmup { get; init; } = 2;

        [CommandOption("--iterations <N>")]
        [DefaultValue(5)]
        public int Iterations { get; init; } = 5;

        [CommandOption("--precision <P>")]
        [Description("fp32 or bf16 matrix products.")]
        [DefaultValue("fp32")]
        public string Precision { get; init; } = "fp32";

        [CommandOption("--json")]
        [Description("Print the result as JSON.")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var result = TrainBenchmark.Run(s.Model, s.Batch, s.Img, s.InChans, s.Warmup, s.Iterations, s.Queue, s.InnerDim, Moby.Nn.ComputePrecision.Parse(s.Precision),
                                        s.Json ? null : line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"));
        if (s.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }
        var table = new Table().AddColumns("metric", "value");
        table.AddRow("model", $"{result.Model} @ {result.ImageSize}px, batch {result.Batch}, {result.Threads} threads, {result.Precision}");
        table.AddRow("median iteration", $"{result.MedianMs:F0} ms");
        table.AddRow("images/s", $"{result.ImagesPerSecond:F2}");
        table.AddRow("model GFLOP / iteration", $"{result.GflopPerIteration:F1}");
        table.AddRow("achieved", $"{result.AchievedGflops:F1} GFLOP/s");
        table.AddRow($"{result.Precision} matmul peak (measured)", $"{result.PeakGflops:F1} GFLOP/s");
        table.AddRow("share of peak", $"{result.ShareOfPeak:P1}");
        table.AddRow("peak resident memory", $"{result.PeakResidentMb:F0} MB");
        AnsiConsole.Write(table);
        var profile = new Table().AddColumns("phase (mean per iteration)", "ms", "share");
        foreach (var (phase, ms) in result.PhaseMs)
            profile.AddRow(phase, $"{ms:F0}", $"{ms / result.PhaseMs.Values.Sum():P1}");
        AnsiConsole.Write(profile);
        return 0;
    }
}
