using System.ComponentModel;
using Moby.Benchmarks;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class BenchTrainCommand : Command<BenchTrainCommand.Settings>
{
    public sealed class Settings : BenchSettings
    {
        [CommandOption("--queue <K>")]
        [DefaultValue(4096)]
        public int Queue { get; init; } = 4096;

        [CommandOption("--inner-dim <N>")]
        [Description("Hidden width of projector and predictor (official 4096).")]
        [DefaultValue(4096)]
        public int InnerDim { get; init; } = 4096;

        public override ValidationResult Validate() => OptionRanges.Check(
            ("--queue", Queue, OptionRanges.Of("MODEL.MOBY.CONTRAST_NUM_NEGATIVE")), ("--inner-dim", InnerDim, OptionRanges.Of("MOBYNET.MOBY.INNER_DIM")))
            ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var result = TrainBenchmark.Run(s.Model, s.Batch, s.Img, s.InChans, s.ConvStem, s.Warmup, s.Iterations, s.Queue, s.InnerDim, s.Precision,
                                        s.Json ? null : line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"), s.Device);
        if (s.Json)
        {
            BenchSettings.PrintJson(result);
            return 0;
        }
        var table = new Table().AddColumns("metric", "value");
        table.AddRow("model", $"{result.Model} @ {result.ImageSize}px, batch {result.Batch}, {result.Threads} threads, {result.Precision}");
        table.AddRow("CPU", result.Cpu);
        table.AddRow("median iteration", $"{result.MedianMs:F0} ms");
        table.AddRow("images/s", $"{result.ImagesPerSecond:F2}");
        table.AddRow("model GFLOP / iteration", $"{result.GflopPerIteration:F1}");
        table.AddRow("achieved", $"{result.AchievedGflops:F1} GFLOP/s");
        BenchSettings.AddPeakRows(table, result.Precision, result.GemmLibrary, result.GemmPeakGflops, result.ShareOfGemmPeak, result.HardwarePeakGflops,
                                  result.HardwarePeakBasis, result.ShareOfHardwarePeak);
        table.AddRow("peak resident memory", $"{result.PeakResidentMb:F0} MB");
        AnsiConsole.Write(table);
        var profile = new Table().AddColumns("phase (mean per iteration)", "ms", "share");
        foreach (var (phase, ms) in result.PhaseMs)
            profile.AddRow(phase, $"{ms:F0}", $"{ms / result.PhaseMs.Values.Sum():P1}");
        AnsiConsole.Write(profile);
        return 0;
    }
}
