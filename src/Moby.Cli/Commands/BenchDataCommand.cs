using System.ComponentModel;
using Moby.Benchmarks;
using Moby.Interop;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

public sealed class BenchDataCommand : Command<BenchDataCommand.Settings>
{
    public sealed class Settings : CommonSettings
    {
        [CommandOption("--workers <LIST>")]
        [Description("Worker counts to try, comma separated (default: 1 to the number of cores).")]
        public string? Workers { get; init; }

        [CommandOption("--jpegs <N>")]
        [Description("Number of ~500x375 JPEG photos to generate and load at 224 px.")]
        [DefaultValue(192)]
        public int Jpegs { get; init; } = 192;

        public override ValidationResult Validate() =>
            Workers != null && !Workers.Split(',').All(w => int.TryParse(w, out int n) && n is >= 1 and <= 1024)
                ? ValidationResult.Error($"--workers must be worker counts from 1 to 1024, comma separated, got '{ShownNames.One(Workers)}'.")
                : OptionRanges.Check(("--jpegs", Jpegs, Moby.Config.ValueRange.Between(1, 100_000))) ?? base.Validate();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var workers = s.Workers?.Split(',').Select(int.Parse).ToArray();
        DataBenchmark.Run(workers, s.Jpegs, report: r => AnsiConsole.WriteLine(r.ToString()));
        return 0;
    }
}
