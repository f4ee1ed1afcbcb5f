using System.Diagnostics;
using Moby.Interop;
using Moby.Runs;
using Moby.Training;
using Xunit;

namespace Moby.Tests.Training;

/// <summary>The run folder: one run at a time (a lock the kernel drops when its holder dies), config.yaml only for an
/// accepted run, and a checkpoint that cannot be written leaves the previous one.</summary>
public class RunFolderTests
{
    /// <summary>Another program holding flock(2)'s exclusive lock on <paramref name="file"/> until it is killed.</summary>
    private static Process HoldLock(string file)
    {
        var start = new ProcessStartInfo("flock") { RedirectStandardOutput = true };
        foreach (var a in new[] { "--exclusive", "--close", file, "-c", "echo held; exec sleep 600" }) start.ArgumentList.Add(a);
        var holder = Process.Start(start)!;
        Assert.Equal("held", holder.StandardOutput.ReadLine());
        return holder;
    }

    /// <summary>Whether another process can take the lock on <paramref name="file"/> now (flock -n: 0 = taken, 1 = held by someone).</summary>
    private static bool OtherProcessCanLock(string file)
    {
        using var probe = Process.Start("flock", ["--nonblock", "--exclusive", file, "true"]);
        probe.WaitForExit();
        return probe.ExitCode == 0;
    }

    [Fact]
    public void RunIsRefusedWhileAnotherProcessHoldsTheFolderAndAcceptedOnceThatProcessIsKilled()
    {
        string output = MicroRun.TempDir(), run = MicroRun.RunDir(output);
        Directory.CreateDirectory(run);
        using var holder = HoldLock(Path.Combine(run, RunFolder.LockFileName));
        try
        {
            var error = Assert.Throws<OutputPathException>(() => PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), new MicroRun.Silent()));
            Assert.StartsWith($"The output folder {run} is in use by another run", error.Message);
            Assert.False(File.Exists(Path.Combine(run, "config.yaml")));
        }
        finally
        {
            holder.Kill(entireProcessTree: true); // SIGKILL: the kernel drops the lock of a process that dies
            holder.WaitForExit();
        }
        Assert.Equal(RunOutcome.Finished, PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), new MicroRun.Silent()));
    }

    [Fact]
    public void RunHoldsItsFolderFromStartToEnd()
    {
        string output = MicroRun.TempDir(), run = MicroRun.RunDir(output), lockFile = Path.Combine(run, RunFolder.LockFileName);
        var seen = new List<string>();
        var observer = new OnFirstIteration(() =>
        {
            if (!OtherProcessCanLock(lockFile)) seen.Add("held against other processes");
            try { RunFolder.Open(run).Dispose(); }
            catch (OutputPathException) { seen.Add("held against this process"); }
        });
        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), observer);
        Assert.Equal(["held against other processes", "held against this process"], seen);
        Assert.True(OtherProcessCanLock(lockFile), "released at the end");
    }

    private sealed class OnFirstIteration(Action action) : IPretrainObserver
    {
        private bool done;
        public void Iteration(IterationMetrics metrics)
        {
            if (!done) action();
            done = true;
        }
    }

    [Fact]
    public void RejectedResumeLeavesTheRunsConfigYaml()
    {
        string output = MicroRun.TempDir(), config = Path.Combine(MicroRun.RunDir(output), "config.yaml");
        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), new MicroRun.Silent());
        var before = File.ReadAllBytes(config);

        Assert.Throws<CheckpointMismatchException>(() => PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=2", "MODEL.SWIN.EMBED_DIM=24"), new MicroRun.Silent()));
        Assert.Equal(before, File.ReadAllBytes(config));

        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=2"), new MicroRun.Silent()); // a resume that fits: its config is the run's
        Assert.Contains("EPOCHS: 2", File.ReadAllText(config));
        Assert.Empty(Directory.GetFiles(MicroRun.RunDir(output), "*.tmp"));
    }

    [Fact]
    public void CheckpointThatCannotBeWrittenNamesTheFileAndLeavesThePreviousOne()
    {
        string output = MicroRun.TempDir(), latest = Path.Combine(MicroRun.RunDir(output), PretrainCheckpoint.Latest);
        PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=1"), new MicroRun.Silent());
        var before = File.ReadAllBytes(latest);
        File.CreateSymbolicLink(latest + ".tmp", "/dev/full"); // the next checkpoint goes there first: ENOSPC, as on a full disk

        var error = Assert.Throws<OutputPathException>(() => PretrainRun.Execute(MicroRun.Tree(output, "TRAIN.EPOCHS=2"), new MicroRun.Silent()));
        Assert.Equal($"Could not write {latest}: No space left on device; the previous file is unchanged", error.Message);
        Assert.Equal(before, File.ReadAllBytes(latest));
        Assert.False(File.Exists(latest + ".tmp"));
    }
}
