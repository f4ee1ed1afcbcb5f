using System.Diagnostics;
using Moby.Config;
using Moby.Data;
using Moby.Interop;
using Moby.IO;
using Moby.Training;
using Xunit;

namespace Moby.Tests.IO;

/// <summary>
/// Every reader of a file a user names refuses a FIFO or a device before opening it: opening a FIFO blocks until a
/// writer comes, and /dev/zero never ends. Each read runs on its own task, so a reader that blocks fails the test
/// instead of hanging the suite.
/// </summary>
public class NonRegularFileTests
{
    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var reader in Readers.Keys)
        foreach (var file in new[] { "fifo", "/dev/zero" })
            cases.Add(reader, file);
        return cases;
    }

    private static readonly Dictionary<string, Action<string>> Readers = new()
    {
        ["checkpoint"] = path => CheckpointFile.Read(path).Dispose(),
        ["config"] = path => ConfigTree.Load(path),
        ["image"] = path => ImageDecoder.DecodeFile(path),
        ["idx"] = path => Idx.Read(path, 0x0801),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ReadersRefuseFifosAndDevicesNamingTheFile(string reader, string file)
    {
        string dir = Directory.CreateTempSubdirectory("moby-io-test-").FullName;
        string path = file == "fifo" ? MakeFifo(Path.Combine(dir, "input.pth")) : file;

        var error = Refused(() => Readers[reader](path));

        Assert.True(error is CheckpointFormatException or ConfigException or DataException, error.ToString());
        Assert.Contains(path, error.Message);
        Assert.Contains(file == "fifo" ? "a FIFO (named pipe), not a regular file" : "a character device, not a regular file", error.Message);
    }

    [Fact]
    public void ARunFolderWithAFifoForItsMetricsIsRefused()
    {
        string dir = Directory.CreateTempSubdirectory("moby-io-test-").FullName;
        string metrics = MakeFifo(Path.Combine(dir, MetricsLog.FileName));

        var error = Refused(() => RunFolder.Open(dir).Dispose());

        var refused = Assert.IsType<Moby.Interop.OutputPathException>(error);
        Assert.Contains(metrics, refused.Message);
        Assert.Contains("FIFO", refused.Message);
    }

    /// <summary>A metrics.jsonl linked to /dev/zero was accepted; one that is a folder was reported as "permission denied".</summary>
    [Theory]
    [InlineData("/dev/zero", "a character device, not a regular file")]
    [InlineData("folder", "a directory, not a regular file")]
    public void ARunFolderWhoseMetricsAreNotARegularFileIsRefused(string target, string expected)
    {
        string dir = Directory.CreateTempSubdirectory("moby-io-test-").FullName;
        string metrics = Path.Combine(dir, MetricsLog.FileName);
        if (target == "folder") Directory.CreateDirectory(metrics);
        else File.CreateSymbolicLink(metrics, target);

        var error = Refused(() => RunFolder.Open(dir).Dispose());

        var refused = Assert.IsType<Moby.Interop.OutputPathException>(error);
        Assert.Equal($"Cannot use {metrics}: this is {expected}; remove it, or choose another OUTPUT or TAG.", refused.Message);
    }

    [Fact]
    public void RegularFilesAndMissingOnesAreLeftToTheirReaders()
    {
        string dir = Directory.CreateTempSubdirectory("moby-io-test-").FullName;
        string file = Path.Combine(dir, "a.txt");
        File.WriteAllText(file, "x");
        Assert.Null(FileKind.NotRegular(file));
        Assert.Null(FileKind.NotRegular(Path.Combine(dir, "missing")));
        Assert.Equal("a directory", FileKind.NotRegular(dir));
    }

    /// <summary>The reader's exception; a reader still blocked after a generous wait fails the test.</summary>
    private static Exception Refused(Action read)
    {
        var task = Task.Run(read);
        Assert.True(((IAsyncResult)task).AsyncWaitHandle.WaitOne(TimeSpan.FromSeconds(30)), "the reader blocked (opened the FIFO or read the device)");
        return Assert.IsAssignableFrom<Exception>(task.Exception?.InnerException);
    }

    private static string MakeFifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", path);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }
}
