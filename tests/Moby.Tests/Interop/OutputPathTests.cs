using Moby.Interop;
using Moby.Tests.Data;
using Xunit;

namespace Moby.Tests.Interop;

public class OutputPathTests
{
    [Fact]
    public void FileWhereAFolderIsExpectedIsNamed()
    {
        using var dir = new TempDir();
        string file = dir.File("results", [1]);
        var error = Assert.Throws<OutputPathException>(() => OutputPath.Folder(Path.Combine(file, "eval")));
        Assert.Equal($"Cannot write to the folder {file}/eval: {file} is a file; a folder was expected", error.Message);
        error = Assert.Throws<OutputPathException>(() => OutputPath.Folder(file));
        Assert.Equal($"Cannot write to the folder {file}: {file} is a file; a folder was expected", error.Message);
    }

    /// <summary>A crafted OUTPUT of a megabyte was a message of twenty thousand lines; control characters went out raw.</summary>
    [Fact]
    public void AHugeOrControlCharacterPathIsShownShortAndEscaped()
    {
        using var dir = new TempDir();
        string file = dir.File("results", [1]);
        string path = Path.Combine(file, "a\u001b[2J" + new string('x', 100_000));
        var error = Assert.Throws<OutputPathException>(() => OutputPath.Folder(path));
        Assert.True(error.Message.Length < 600, $"{error.Message.Length} characters");
        Assert.StartsWith($"Cannot write to the folder {file}/a\\x1b[2Jxxx", error.Message);
        Assert.EndsWith($"xxx: {file} is a file; a folder was expected", error.Message);
    }

    [Fact]
    public void FolderWhereAFileIsExpectedIsNamed()
    {
        using var dir = new TempDir();
        var error = Assert.Throws<OutputPathException>(() => OutputFolder.ForFile(dir.Path));
        Assert.Equal($"Cannot write {dir.Path}: it is a folder; a file was expected", error.Message);
    }

    [Fact]
    public void UnwritableFolderIsNamed()
    {
        // sysfs refuses new files and folders to every user, root included.
        var error = Assert.Throws<OutputPathException>(() => OutputPath.Folder("/sys"));
        Assert.StartsWith("Cannot write to the folder /sys: permission denied", error.Message);
        error = Assert.Throws<OutputPathException>(() => OutputPath.Folder("/sys/moby-test/eval"));
        Assert.StartsWith("Cannot write to the folder /sys/moby-test/eval: permission denied", error.Message);
    }

    [Fact]
    public void MissingFoldersAreCreatedAndTheProbeLeavesNothing()
    {
        using var dir = new TempDir();
        string file = Path.Combine(dir.Path, "a", "b", "features.safetensors");
        using (var folder = OutputFolder.ForFile(file))
        {
            Assert.Equal(Path.Combine(dir.Path, "a", "b"), folder.Path);
            Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
            File.WriteAllBytes(file, [1]);
        }
        Assert.True(File.Exists(file)); // a folder with the output in it stays
    }

    /// <summary>A command that fails after making its output folder (a bad input found later) leaves no empty folder; what existed stays.</summary>
    [Fact]
    public void FoldersMadeForAnOutputNeverWrittenAreRemovedAgain()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("kept"));
        using (OutputFolder.Create(dir.File("kept/a/b/c"))) { }
        Assert.Equal([dir.File("kept")], Directory.GetFileSystemEntries(dir.Path));
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("kept")));
        using (OutputFolder.Create(dir.File("kept/a/b/c"))) File.WriteAllBytes(dir.File("kept/a/x"), [1]);
        Assert.Equal([dir.File("kept/a/x")], Directory.GetFileSystemEntries(dir.File("kept/a"))); // the empty b and c go, a stays
    }

    [Fact]
    public void WriteThatFailsNamesTheTargetAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDir();
        string target = dir.File("model.safetensors", [1, 2, 3]);
        File.CreateSymbolicLink(target + ".tmp", "/dev/full"); // ENOSPC, as on a full disk
        var error = Assert.Throws<OutputPathException>(() => AtomicFileWrite(target));
        Assert.Equal($"Could not write {target}: No space left on device; the previous file is unchanged", error.Message);
        Assert.Equal([1, 2, 3], File.ReadAllBytes(target));
        Assert.False(File.Exists(target + ".tmp"));
    }

    private static void AtomicFileWrite(string path)
    {
        using var tensor = TorchSharp.torch.ones(1000);
        CheckpointFile.WriteSafetensors(path, new Dictionary<string, TorchSharp.torch.Tensor> { ["x"] = tensor });
    }
}
