using System.Diagnostics;
using Xunit;

namespace Moby.Tests.Distributed;

/// <summary>A test that needs Open MPI's mpirun; skipped, saying why, only where it is not installed (CI installs it).</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (MpiRun.Executable is null) Skip = "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)";
    }
}

/// <summary>Starts `mpirun -np N dotnet ASSEMBLY ARGS` on this machine (as root too, more ranks than cores allowed).</summary>
public static class MpiRun
{
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(dir => Path.Combine(dir, "mpirun")).FirstOrDefault(File.Exists);

    public static string TestAssembly => Path.Combine(AppContext.BaseDirectory, "Moby.Tests.dll");
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "Moby.Cli.dll");

    public static Process Start(int ranks, string assembly, params string[] args)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("mpirun is not installed"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in (string[])["--oversubscribe", "--allow-run-as-root", "-np", $"{ranks}", "dotnet", assembly, .. args]) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    /// <summary>Runs to the end (failing the test after <paramref name="timeout"/>); returns exit code and all output.</summary>
    public static (int Code, string Output) Run(int ranks, TimeSpan timeout, string assembly, params string[] args)
    {
        using var process = Start(ranks, assembly, args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"mpirun did not finish within {timeout}: {output.Result}{error.Result}");
        }
        return (process.ExitCode, output.Result + error.Result);
    }
}
