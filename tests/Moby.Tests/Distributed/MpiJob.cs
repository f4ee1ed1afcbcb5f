using System.Diagnostics;

namespace Moby.Tests.Distributed;

/// <summary>A running mpirun: its output so far (standard output and error together); killed with its ranks when disposed early.</summary>
public sealed class MpiJob : IDisposable
{
    private readonly System.Text.StringBuilder output = new();

    public Process Process { get; }

    public MpiJob(Process process)
    {
        Process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    private void Append(string? line)
    {
        if (line != null) lock (output) output.AppendLine(line);
    }

    /// <summary>True when mpirun ended within <paramref name="timeout"/>, with all its output read.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout)) return false;
        Process.WaitForExit();
        return true;
    }

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.Dispose();
    }
}
