using Moby.Cli;
using Moby.Cli.Display;
using Xunit;

namespace Moby.Tests.Cli;

/// <summary>
/// Commands refuse a run that the machine cannot hold before they build anything or write a run folder: one line on
/// the error console naming the key. The sizes are far beyond any machine, so the outcome does not depend on this one's.
/// </summary>
public class MemoryRefusalCliTests
{
    private static (int Code, string Errors) Run(params string[] args)
    {
        var errors = new StringWriter();
        int code = MobyApp.Run(args, Consoles.Create(new StringWriter(), redirected: true), Consoles.Create(errors, redirected: true));
        return (code, errors.ToString().TrimEnd('\n'));
    }

    [Fact]
    public void PretrainRefusesAnEnormousBatchWithoutWritingTheRunFolder()
    {
        using var dir = new TempDir();
        string base_ = RepoFiles.Path("configs/moby_swin_tiny.yaml").Replace("'", "''");
        string config = dir.File("big.yaml", System.Text.Encoding.UTF8.GetBytes($"BASE: ['{base_}']\nDATA:\n  BATCH_SIZE: 65536\n  IMG_SIZE: 4032\n"));
        var (code, errors) = Run("pretrain", "--config", config, "--output", dir.File("runs"), "--data", "synthetic", "-q");
        Assert.Equal(1, code);
        Assert.DoesNotContain('\n', errors);
        Assert.Contains($"{config}:3: MoBY pre-training would need about", errors);
        Assert.Contains("DATA.BATCH_SIZE=65536", errors);
        Assert.False(Directory.Exists(dir.File("runs")));
    }

    [Fact]
    public void FinetuneRefusesAnEnormousBatch()
    {
        using var dir = new TempDir();
        var (code, errors) = Run("finetune", "--config", RepoFiles.Path("configs/finetune_swin_fmnist.yaml"), "--from-scratch", "--model", "swin_base_patch4_window7_224", "--batch-size", "65536",
                                 "--output", dir.File("runs"), "--data", "synthetic", "-q");
        Assert.Equal(1, code);
        Assert.Contains("fine-tuning would need about", errors);
        Assert.Contains("DATA.BATCH_SIZE=65536", errors);
        Assert.False(Directory.Exists(dir.File("runs")));
    }

    [Theory]
    [InlineData("train", "MoBY pre-training would need about")]
    [InlineData("infer", "the encoder on one batch would need about")]
    public void BenchRefusesAnEnormousBatch(string bench, string expected)
    {
        var (code, errors) = Run("bench", bench, "--batch", "65536", "--img", "4032", "--iterations", "1", "--warmup", "0");
        Assert.Equal(1, code);
        Assert.Contains(expected, errors);
        Assert.Contains("DATA.BATCH_SIZE=65536", errors);
    }
}
