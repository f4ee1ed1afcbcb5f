using System.Diagnostics;
using Xunit;

namespace Moby.Tests.Distributed;

/// <summary>Starts `mpirun -np N dotnet ASSEMBLY ARGS` on this machine (as root too, more ranks than cores allowed).</summary>
public static class MpiRun
{
    public static string? Executable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
        .Select(dir => Path.Combine(dir, "mpirun")).FirstOrDefault(File.Exists);

    public static string TestAssembly => Path.Combine(AppContext.BaseDirectory, "Moby.Tests.dll");
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "Moby.Cli.dll");

    /// <summary>
    /// mpirun options for Open MPI's TCP transport alone (no shared memory), as between machines; on the loopback
    /// interface, which Open MPI excludes by default and every machine has.
    /// </summary>
    public static readonly string[] TcpOnly = ["--mca", "btl", "self,tcp", "--mca", "btl_tcp_if_include", "lo"];

    public static MpiJob Start(int ranks, string assembly, params string[] args) => Start([], ranks, assembly, args);

    /// <param name="options">More mpirun options, e.g. <see cref="TcpOnly"/>.</param>
    public static MpiJob Start(string[] options, int ranks, string assembly, params string[] args)
    {
        var start = new ProcessStartInfo(Executable ?? throw new InvalidOperationException("mpirun is not installed"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in (string[])["--oversubscribe", "--allow-run-as-root", .. options, "-np", $"{ranks}", "dotnet", assembly, .. args])
            start.ArgumentList.Add(a);
        return new MpiJob(Process.Start(start)!);
    }

    /// <summary>Runs to the end (failing the test after <paramref name="timeout"/>); returns exit code and all output.</summary>
    public static (int Code, string Output) Run(int ranks, TimeSpan timeout, string assembly, params string[] args) =>
        Run([], ranks, timeout, assembly, args);

    public static (int Code, string Output) Run(string[] options, int ranks, TimeSpan timeout, string assembly, params string[] args)
    {
        using var job = Start(options, ranks, assembly, args);
        Assert.True(job.WaitForExit(timeout), $"mpirun did not finish within {timeout}: {job.Output}");
        return (job.Process.ExitCode, job.Output);
    }
}
