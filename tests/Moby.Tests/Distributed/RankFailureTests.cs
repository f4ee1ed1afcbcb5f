using System.Diagnostics;
using Moby.Interop;
using Moby.Tests.Training;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Distributed;

/// <summary>`moby pretrain` under mpirun when a rank dies: the run stops (no hang), the checkpoint is whole, the run resumes.</summary>
public class RankFailureTests
{
    [MpiFact]
    public void KilledRankStopsTheRunNamingItAndTheRunResumesFromTheLastCheckpoint()
    {
        string dir = MicroRun.TempDir(), config = Path.Combine(dir, "micro.yaml");
        File.WriteAllText(config, MicroRun.Tree(dir, "TRAIN.EPOCHS=100", "MOBYNET.THREADS=1").ToYaml());
        string latest = MicroRun.Latest(dir);

        using (var run = MpiRun.Start(2, MpiRun.Cli, "pretrain", "--config", config, "--quiet"))
        {
            Wait(() => File.Exists(latest) || run.Process.HasExited, TimeSpan.FromMinutes(2));
            Assert.True(File.Exists(latest) && !run.Process.HasExited, $"no checkpoint while the run goes on: {run.Output}");
            Process.GetProcessById(RankPid(run.Process.Id, 1)).Kill();
            Assert.True(run.WaitForExit(TimeSpan.FromSeconds(20)), "rank 0 and mpirun still run 20 s after rank 1 was killed");
            Assert.NotEqual(0, run.Process.ExitCode);
            Assert.Contains("rank 1", run.Output);
        }

        int epoch;
        using (var checkpoint = CheckpointFile.Read(latest)) epoch = checkpoint.Epoch ?? -1;
        var (code, resumed) = MpiRun.Run(2, TimeSpan.FromMinutes(2), MpiRun.Cli, "pretrain", "--config", config, "--quiet", "--epochs", $"{epoch + 3}");
        Assert.True(code == 0, resumed);
        Assert.Contains("Resumed from", resumed);
        using var final = CheckpointFile.Read(latest);
        Assert.Equal(epoch + 2, final.Epoch);
    }

    private static void Wait(Func<bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!condition() && clock.Elapsed < timeout) Thread.Sleep(100);
    }

    /// <summary>The process mpirun started for <paramref name="rank"/> (Open MPI sets OMPI_COMM_WORLD_RANK in its environment).</summary>
    private static int RankPid(int mpirun, int rank)
    {
        foreach (var dir in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            try
            {
                // /proc/PID/stat: "pid (name) state ppid ..."; the name may hold spaces, so split after its ')'.
                string stat = File.ReadAllText(Path.Combine(dir, "stat"));
                int parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1]);
                if (parent == mpirun && File.ReadAllText(Path.Combine(dir, "environ")).Split('\0').Contains($"OMPI_COMM_WORLD_RANK={rank}"))
                    return pid;
            }
            catch (IOException) { } // the process ended meanwhile
        }
        throw new InvalidOperationException($"mpirun {mpirun} has no child process of rank {rank}");
    }
}
