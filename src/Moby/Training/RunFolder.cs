using System.Text;
using Moby.IO;
using Moby.Interop;

namespace Moby.Training;

/// <summary>
/// A pre-training run's output folder, held by one run at a time. Two runs writing one folder would interleave
/// their metrics and overwrite each other's checkpoints, so the run (rank 0's process, under mpirun) holds an
/// exclusive advisory lock on <see cref="LockFileName"/> from its start to its end, and a second run is refused
/// at its start. On Linux and macOS, .NET takes the lock of <see cref="FileShare.None"/> with flock(2), which
/// the kernel drops when the holding process ends, however it ends (kill -9 included): a crashed run never
/// leaves its folder locked. (Setting DOTNET_SYSTEM_IO_DISABLEFILELOCKING turns the lock off.)
/// </summary>
internal sealed class RunFolder : IDisposable
{
    public const string LockFileName = "run.lock", ConfigFileName = "config.yaml";

    private readonly FileStream lockFile;
    /// <summary>The folders this run created, the deepest first: removed again, with the lock file, by a run that ends before it is accepted.</summary>
    private readonly IReadOnlyList<string> created;
    private bool accepted;

    private RunFolder(string directory, FileStream lockFile, IReadOnlyList<string> created)
    {
        Directory = directory;
        this.lockFile = lockFile;
        this.created = created;
    }

    public string Directory { get; }

    public string MetricsPath => Path.Combine(Directory, MetricsLog.FileName);

    /// <summary>Creates the folder when missing, checks that it can be written, and locks it.</summary>
    public static RunFolder Open(string directory)
    {
        var created = OutputFolder.Missing(directory);
        OutputPath.Folder(directory);
        string lockPath = Path.Combine(directory, LockFileName);
        // Only a regular file (or a link to one) is used under these names: opening a planted FIFO would block the run
        // before it starts, a device such as /dev/zero takes any write and gives endless reads (a resume reads the
        // log back), and a folder was reported only later, as a write failure that did not say why.
        foreach (string file in new[] { lockPath, Path.Combine(directory, MetricsLog.FileName) })
            FileKind.RequireRegular(file, reason => new OutputPathException(file, $"Cannot use {ShownNames.Path(file)}: {reason}; remove it, or choose another OUTPUT or TAG."));
        try
        {
            return new RunFolder(directory, new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None), created);
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            throw new OutputPathException(directory, $"The output folder {ShownNames.Path(directory)} is in use by another run (it holds the lock on {ShownNames.Path(lockPath)}); " +
                                                     "wait for that run to end, or choose another OUTPUT or TAG.", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OutputPathException(lockPath, $"Cannot create the lock file {ShownNames.Path(lockPath)}: {OutputPath.Reason(directory, e)}", e);
        }
    }

    /// <summary>flock's EWOULDBLOCK (Linux 11, macOS 35), or Windows' sharing violation.</summary>
    private static bool IsHeldByAnother(IOException e) => e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020);

    /// <summary>The run's resolved configuration, written atomically: call it once the run is accepted (a resume that
    /// does not fit the checkpoint must leave the config.yaml of the run it was refused for).</summary>
    public void WriteConfig(string yaml)
    {
        AtomicFile.Write(Path.Combine(Directory, ConfigFileName), stream => stream.Write(Encoding.UTF8.GetBytes(yaml)));
        accepted = true;
    }

    /// <summary>
    /// Releases the lock. The lock file stays (removing it would let a third run lock a new file while a second still holds
    /// the old one), except in a folder this run created and refused before writing anything to it (bad data, a damaged
    /// resume file): that folder, which no run but this one has used, goes with the parents the run created.
    /// </summary>
    public void Dispose()
    {
        if (!accepted && created.Count > 0) TryDelete(lockFile.Name);
        lockFile.Dispose();
        if (!accepted) OutputFolder.RemoveEmpty(created);
    }

    /// <summary>Best effort: the run's own error is what the user must see.</summary>
    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }
}
