using System.IO.Compression;
using Moby.Interop;
using Moby.Tests.Data;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Interop;

/// <summary>
/// Seeded fuzzing of both readers: a few hundred mutated and truncated versions of a small valid file, each of
/// which must load or end in <see cref="CheckpointFormatException"/> naming the file in one line, never another
/// exception type and never a crash.
/// </summary>
public class CheckpointFuzzTests
{
    const int Cases = 300;

    [Fact]
    public void MutatedPthFilesLoadOrFailClearly()
    {
        using var temp = new TempDir();
        var valid = temp.File("valid.pth");
        using (var scope = NewDisposeScope())
        {
            CheckpointFile.WritePth(valid, new Dictionary<string, object?>
            {
                ["model"] = new Dictionary<string, Tensor> { ["w"] = arange(12f).reshape(3, 4), ["queue_ptr"] = tensor(new long[] { 5 }) },
                ["epoch"] = 3,
                ["config"] = new Dictionary<string, object?> { ["MODEL"] = new Dictionary<string, object?> { ["TYPE"] = "moby", ["DEPTHS"] = new List<object?> { 2L, 2L } } },
            });
        }
        var original = File.ReadAllBytes(valid);
        var pickle = PickleOf(valid);
        var random = new Random(14);

        AssertEachLoadsOrFailsClearly(temp, "case.pth", random, i => i % 2 == 0
            ? Mutants.Mutate(original, random, Everywhere(original))
            : WithPickle(original, Mutants.Mutate(pickle, random, Everywhere(pickle))));
    }

    [Fact]
    public void MutatedSafetensorsFilesLoadOrFailClearly()
    {
        using var temp = new TempDir();
        var valid = temp.File("valid.safetensors");
        using (var scope = NewDisposeScope())
        {
            CheckpointFile.WriteSafetensors(valid, new Dictionary<string, Tensor>
            {
                ["w"] = arange(12f).reshape(3, 4), ["b"] = tensor(new long[] { 1, 2 }), ["h"] = zeros(new long[] { 2, 2 }, ScalarType.Float16),
            }, new Dictionary<string, string> { ["format"] = "pt" });
        }
        var original = File.ReadAllBytes(valid);
        var random = new Random(15);

        AssertEachLoadsOrFailsClearly(temp, "case.safetensors", random, _ => Mutants.Mutate(original, random, Everywhere(original)));
    }

    static void AssertEachLoadsOrFailsClearly(TempDir temp, string name, Random random, Func<int, byte[]> makeCase)
    {
        var path = temp.File(name);
        var unexpected = new List<string>();
        var (loaded, refused) = (0, 0);
        for (var i = 0; i < Cases; i++)
        {
            File.WriteAllBytes(path, makeCase(i));
            try
            {
                using var checkpoint = CheckpointFile.Read(path);
                loaded++;
            }
            catch (CheckpointFormatException e) when (e.Message.Contains(path) && !e.Message.Contains('\n'))
            {
                refused++;
            }
            catch (Exception e)
            {
                unexpected.Add($"case {i}: {e.GetType().Name}: {e.Message.Split('\n')[0]}");
            }
        }
        Assert.Empty(unexpected);
        // Both outcomes occur, so the mutations neither all miss the parser nor all break the container.
        Assert.True(loaded > 0 && refused > 0, $"{loaded} loaded, {refused} refused");
    }

    /// <summary>One of: a truncation, a few random bytes, an extreme 4- or 8-byte integer, a deleted or duplicated span.</summary>
    /// <summary>Every offset is as likely to be hit: these formats have lengths and counts throughout.</summary>
    static int[] Everywhere(byte[] bytes) => Mutants.First(bytes.Length);

    static byte[] PickleOf(string path)
    {
        using var archive = ZipFile.OpenRead(path);
        using var stream = archive.Entries.Single(e => e.Name == "data.pkl").Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>The same archive with data.pkl replaced, so mutations reach the unpickler rather than the zip reader.</summary>
    static byte[] WithPickle(byte[] zip, byte[] pickle)
    {
        using var copy = new MemoryStream();
        copy.Write(zip);
        using (var archive = new ZipArchive(copy, ZipArchiveMode.Update, leaveOpen: true))
        {
            var entry = archive.Entries.Single(e => e.Name == "data.pkl");
            var name = entry.FullName;
            entry.Delete();
            using var stream = archive.CreateEntry(name, CompressionLevel.NoCompression).Open();
            stream.Write(pickle);
        }
        return copy.ToArray();
    }
}
