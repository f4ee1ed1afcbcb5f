using Moby.Interop;
using Xunit;

namespace Moby.Tests.Interop;

public class BadFileTests
{
    [Fact]
    public void MissingFileNamesThePath()
    {
        using var temp = new TempDir();
        AssertRejected(temp.File("nope.pth"), "does not exist");
    }

    [Fact]
    public void DirectoryIsRejectedAsADirectory()
    {
        using var temp = new TempDir();
        AssertRejected(temp.Path, "this is a directory, not a regular file; expected a PyTorch .pth");
    }

    [Fact]
    public void EmptyFileIsRejected() => AssertRejected(write: [], "empty");

    [Fact]
    public void RandomBytesAreRejectedNamingTheAcceptedFormats() =>
        AssertRejected(write: Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray(), "safetensors");

    [Fact]
    public void TruncatedPthIsRejected()
    {
        var bytes = File.ReadAllBytes(GoldenFiles.PathOf("moby_swin_micro.official-checkpoint.pth"));
        AssertRejected(write: bytes[..(bytes.Length / 2)], "damaged");
    }

    [Fact]
    public void TruncatedSafetensorsIsRejected()
    {
        var bytes = File.ReadAllBytes(GoldenFiles.PathOf("swin_micro.safetensors"));
        AssertRejected(write: bytes[..(bytes.Length - 100)], "truncated");
    }

    static void AssertRejected(byte[] write, string expectedText)
    {
        using var temp = new TempDir();
        var path = temp.File("bad.bin");
        File.WriteAllBytes(path, write);
        AssertRejected(path, expectedText);
    }

    static void AssertRejected(string path, string expectedText)
    {
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expectedText, error.Message);
        Assert.Equal(path, error.Path);
    }
}
