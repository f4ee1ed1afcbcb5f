using Moby.Cli;
using Spectre.Console;
using Xunit;

namespace Moby.Tests.Benchmarks;

public class BenchOutputTests
{
    /// <summary>`moby bench infer` relates the achieved rate to LibTorch's matmul and to the hardware's FMA peak, and names the CPU.</summary>
    [Fact]
    public void InferBenchmarkReportsBothSharesAndTheCpu()
    {
        var output = new StringWriter();
        var previous = AnsiConsole.Console;
        AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        AnsiConsole.Console.Profile.Width = 200;
        try
        {
            Assert.Equal(0, MobyApp.Run(["bench", "infer", "--model", "swin_micro_patch4_window8_32", "--batch", "2", "--warmup", "0", "--iterations", "1"]));
        }
        finally
        {
            AnsiConsole.Console = previous;
        }
        string text = output.ToString();
        // Which library's product the share is of: LibTorch, or OpenBLAS and its kernels for fp32 on a non-Intel CPU.
        Assert.Matches(@"(LibTorch|OpenBLAS \(\w+\)) (fp32|bf16) matmul peak \(2048\^3\)\s*│\s*\d+\.\d GFLOP/s", text);
        Assert.Matches(@"share of that matmul peak\s*│\s*\d+\.\d %", text);
        // The default precision is auto: bf16 (and its vdpbf16ps peak) on CPUs with bf16 units, fp32 FMA elsewhere.
        Assert.Matches(@"hardware peak\s*│\s*\d+\.\d GFLOP/s \(((AVX2|AVX-512) FMA fp32|AVX-512 BF16 \(vdpbf16ps\))\)", text);
        Assert.Matches(@"share of the hardware peak\s*│\s*\d+\.\d %", text);
        Assert.Matches(@"CPU\s*│\s*.+, family \d+ model \d+", text);
    }
}
