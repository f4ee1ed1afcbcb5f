using Moby.Interop;
using Xunit;

namespace Moby.Tests.Cli;

/// <summary>The CLI as a separate process: catches what one shared test process hides (static registration order, exit codes).</summary>
public class CliProcessTests
{
    private static System.Diagnostics.Process Start(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Moby.Cli.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return System.Diagnostics.Process.Start(start)!;
    }

    /// <summary>The standard output and the standard error apart.</summary>
    internal static (int Code, string Output, string Errors) RunApart(params string[] args)
    {
        using var process = Start(args);
        var errors = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }

    internal static (int Code, string Output) Run(params string[] args)
    {
        using var process = Start(args);
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void FreshProcessPretrainsAndWritesCheckpointsThatReadBack()
    {
        string dir = Directory.CreateTempSubdirectory().FullName;
        var tree = Moby.Tests.Training.MicroRun.Tree(dir, "TRAIN.EPOCHS=1");
        string config = Path.Combine(dir, "micro.yaml");
        File.WriteAllText(config, tree.ToYaml());
        var (code, output) = Run("pretrain", "--config", config, "--quiet");
        Assert.True(code == 0, output);
        using var checkpoint = CheckpointFile.Read(Path.Combine(dir, "micro", "default", "checkpoint.pth"));
        Assert.Contains("queue1", checkpoint.State.Keys);
        Assert.Equal(0, checkpoint.Epoch);
    }

    [Fact]
    public void MissingFileIsOneClearLineWithoutStackTrace()
    {
        var (code, output) = Run("inspect", "/nonexistent/model.pth");
        Assert.Equal(1, code);
        Assert.Contains("/nonexistent/model.pth", output);
        Assert.DoesNotContain("   at ", output);
    }

    /// <summary>
    /// An error goes to standard error as one line, however long: redirected output used to go to standard output,
    /// hard-wrapped at 80 columns.
    /// </summary>
    [Fact]
    public void ARedirectedErrorIsOneUnwrappedLineOnStandardError()
    {
        string missing = "/nonexistent/" + new string('a', 90) + "/model.pth";
        var (code, output, errors) = RunApart("inspect", missing);
        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Single(errors.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("error:", errors);
        Assert.Contains(missing, errors);
    }

    /// <summary>The output as one line: the console wraps long lines at its width.</summary>
    internal static string OneLine(string output) => string.Join(" ", output.Split('\n', StringSplitOptions.TrimEntries));

    /// <summary>A micro pre-training config whose runs go under <paramref name="dir"/>.</summary>
    private static string MicroConfig(string dir, params string[] extra)
    {
        string config = Path.Combine(dir, "micro.yaml");
        File.WriteAllText(config, Moby.Tests.Training.MicroRun.Tree(dir, extra).ToYaml());
        return config;
    }

    [Theory]
    [InlineData("pretrain")]
    [InlineData("quickstart")]
    [InlineData("features")]
    [InlineData("export")]
    [InlineData("evaluate")]
    [InlineData("linear")]
    public void OutputUnderARegularFileIsOneLineNamingIt(string command)
    {
        using var dir = new Moby.Tests.TempDir();
        string file = dir.File("results", [1]), output = Path.Combine(file, "out");
        string golden = GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"), backbone = GoldenFiles.PathOf("swin_micro.safetensors");
        string yaml = dir.File("swin_micro.yaml", System.Text.Encoding.UTF8.GetBytes(CliTests.SwinMicroYaml));
        string[] args = command switch
        {
            "pretrain" or "quickstart" => [command, "--config", MicroConfig(dir.Path), "--output", output],
            "features" => [command, "--model", yaml, "--weights", backbone, "--prefix", "model.", "--input", backbone, "--output", Path.Combine(output, "features.safetensors")],
            "export" => [command, golden, "--output", output],
            _ => [command, "--model", yaml, "--weights", golden, "--output", output],
        };
        var (code, text) = Run(args);
        Assert.True(code == 1, text);
        Assert.True(OneLine(text).Contains($"{file} is a file; a folder was expected"), text);
        Assert.DoesNotContain("Could not find a part of the path", OneLine(text));
        Assert.DoesNotContain("   at ", text);
    }

    [Fact]
    public void RunIsRefusedWhileAnotherRunHoldsItsFolderAndAcceptedOnceThatRunIsKilled()
    {
        string dir = Moby.Tests.Training.MicroRun.TempDir(), run = Moby.Tests.Training.MicroRun.RunDir(dir);
        string config = MicroConfig(dir, "TRAIN.EPOCHS=100000", "PRINT_FREQ=1");
        using var first = Start("pretrain", "--config", config, "--quiet");
        try
        {
            var seen = new List<string>();
            string? line;
            while ((line = first.StandardOutput.ReadLine()) != null && !line.Contains(" it 1/"))
                seen.Add(line); // until its first iteration: the run holds its folder by then
            if (line == null) Assert.Fail("the first run ended early: " + string.Join("\n", seen) + first.StandardError.ReadToEnd());

            var (code, text) = Run("pretrain", "--config", config, "--quiet", "--minutes", "0.02");
            Assert.True(code == 1, text);
            Assert.True(OneLine(text).Contains($"The output folder {run} is in use by another run"), text);
            Assert.DoesNotContain("   at ", text);
        }
        finally
        {
            first.Kill(entireProcessTree: true); // SIGKILL: nothing of ours runs, the kernel drops the lock
            first.WaitForExit();
        }
        Moby.Training.RunFolder.Open(run).Dispose();
    }
}
