using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Moby.Config;
using Spectre.Console;
using Spectre.Console.Cli;
using static TorchSharp.torch;

namespace Moby.Cli.Commands;

/// <summary>What every model benchmark takes: the model, the batch, the input, the timed runs, the precision, the output form.</summary>
public class BenchSettings : CommonSettings
{
    [CommandOption("-m|--model <PRESET>")]
    [Description("Backbone preset, e.g. swin_tiny_patch4_window7_224, deit_small_patch16_224, swin_micro_patch4_window8_32.")]
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

    [CommandOption("--conv-stem")]
    [Description("Make the patches with the convolutional stem (MOBYNET.CONV_STEM), as the Fashion-MNIST recipe does.")]
    public bool ConvStem { get; init; }

    [CommandOption("--warmup <N>")]
    [DefaultValue(2)]
    public int Warmup { get; init; } = 2;

    [CommandOption("--iterations <N>")]
    [Description("Timed runs; the median is reported.")]
    [DefaultValue(5)]
    public int Iterations { get; init; } = 5;

    [CommandOption("--precision <P>")]
    [Description("auto (bf16 where the CPU has bf16 units, else fp32), fp32 or bf16 matrix products.")]
    [DefaultValue("auto")]
    public string Precision { get; init; } = "auto";

    [CommandOption("--device <DEVICE>")]
    [Description("cpu, cuda or cuda:N (a GPU needs a build with -p:TorchBackend=cuda).")]
    [DefaultValue("cpu")]
    public string Device { get; init; } = "cpu";

    [CommandOption("--json")]
    [Description("Print the result as JSON.")]
    public bool Json { get; init; }

    public override ValidationResult Validate() => OptionRanges.Check(
        ("--batch", Batch, OptionRanges.Of("DATA.BATCH_SIZE")), ("--img", Img, OptionRanges.Of("DATA.IMG_SIZE")),
        ("--in-chans", InChans, OptionRanges.Of("MODEL.SWIN.IN_CHANS")), ("--warmup", Warmup, ValueRange.Between(0, 10_000)),
        ("--iterations", Iterations, ValueRange.Between(1, 10_000))) ?? base.Validate();

    /// <summary>The two peaks measured beside a benchmark and the achieved rate's share of each.</summary>
    public static void AddPeakRows(Table table, string precision, string gemmLibrary, double gemmPeak, double gemmShare, double hardwarePeak, string hardwareBasis,
                                   double hardwareShare)
    {
        table.AddRow(Markup.Escape($"{gemmLibrary} {precision} matmul peak (2048^3)"), $"{gemmPeak:F1} GFLOP/s");
        table.AddRow("share of that matmul peak", $"{gemmShare:P1}");
        if (double.IsNaN(hardwarePeak))
        {
            table.AddRow("hardware peak", Markup.Escape(hardwareBasis));
            return;
        }
        table.AddRow("hardware peak", Markup.Escape($"{hardwarePeak:F1} GFLOP/s ({hardwareBasis})"));
        table.AddRow("share of the hardware peak", $"{hardwareShare:P1}");
    }

    public static void PrintJson(object result) =>
        Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals }));
}
