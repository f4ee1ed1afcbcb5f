using System.ComponentModel;
using Moby.Cli.Display;
using Moby.Interop;
using Moby.Runs;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Moby.Cli.Commands;

/// <summary>moby predict: a fine-tuned classifier's top classes for an image, a folder of images or a data source.</summary>
public sealed class PredictCommand : Command<PredictCommand.Settings>
{
    /// <summary>Rows shown on the console; the --output file holds them all.</summary>
    private const int Shown = 20;

    public sealed class Settings : CommonSettings
    {
        [CommandOption("-w|--weights <FILE>")]
        [Description("A fine-tuned checkpoint (moby finetune), or a timm-style state_dict with a head (then --model).")]
        public string Weights { get; init; } = "";

        [CommandOption("-m|--model <PRESET_OR_YAML>")]
        [Description("Architecture: a preset or a YAML config. Default: the config stored in the checkpoint.")]
        public string? Model { get; init; }

        [CommandOption("-i|--input <PATH>")]
        [Description("An image file, a folder of images (recursively), or a data source (its test split: fashion-mnist, imagefolder:/path, ...).")]
        public string Input { get; init; } = "";

        [CommandOption("-k|--top-k <K>")]
        [Description("Classes per image, most probable first.")]
        [DefaultValue(5)]
        public int TopK { get; init; } = 5;

        [CommandOption("-o|--output <FILE>")]
        [Description("Write every prediction to FILE.csv or FILE.json.")]
        public string? Output { get; init; }

        public override ValidationResult Validate() =>
            Weights.Length == 0 ? ValidationResult.Error("--weights is required.")
            : Input.Length == 0 ? ValidationResult.Error("--input is required.")
            : TopK < 1 ? ValidationResult.Error($"--top-k must be at least 1, got {TopK}.")
            : base.Validate();
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellation)
    {
        s.Apply();
        var summary = AnsiConsole.Progress().AutoClear(true).Start(display =>
        {
            var task = display.AddTask("classifying", maxValue: 1);
            return PredictRun.Execute(s.Weights, s.Model, s.Input, s.TopK, s.Output, ConsoleProgress.Log, (done, total) =>
            {
                task.MaxValue = total;
                task.Value = done;
            });
        });
        var table = new Table().AddColumns("image", "top classes (probability)");
        foreach (var p in summary.Predictions.Take(Shown))
            table.AddRow(Markup.Escape(ShownNames.Path(p.Image)),
                         Markup.Escape(ShownNames.Line(string.Join(", ", p.Classes.Select((c, r) => $"{summary.Classes[c]} {p.Probabilities[r]:P1}")))));
        AnsiConsole.Write(table);
        if (summary.Predictions.Count > Shown) AnsiConsole.MarkupLineInterpolated($"... {summary.Predictions.Count - Shown} more{(s.Output is null ? "; --output FILE.csv writes them all" : "")}");
        if (summary.Skipped > 0) AnsiConsole.MarkupLineInterpolated($"[yellow]{summary.Skipped} image(s) did not decode and were skipped.[/]");
        if (summary.Top1 is double top1) AnsiConsole.MarkupLineInterpolated($"top-1 accuracy against the data set's labels: {100 * top1:F2} %");
        if (s.Output is not null) AnsiConsole.MarkupLineInterpolated($"wrote {ShownNames.Path(s.Output)}");
        return 0;
    }
}
