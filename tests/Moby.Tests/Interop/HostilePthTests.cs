using System.IO.Compression;
using Moby.Interop;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Interop;

/// <summary>Crafted .pth files: each must end in one clear <see cref="CheckpointFormatException"/> naming the file, or load correctly.</summary>
public class HostilePthTests
{
    /// <summary>{'model': {'w': 2x3 float32 tensor 0..5}, 'config': [value]}.</summary>
    static byte[] WithConfig(Func<PickleWriter, PickleWriter> config) =>
        config(new PickleWriter().Raw((byte)'}').Mark()
            .Text("model").Raw((byte)'}').Mark().Text("w").Tensor("0", 2, 3).Raw((byte)'u')
            .Text("config")).Raw((byte)'u').Stop();

    static readonly Dictionary<string, byte[]> Storage = new() { ["0"] = CraftedPth.Floats(6) };

    [Fact]
    public void CraftedWriterMakesALoadableCheckpoint()
    {
        using var temp = new TempDir();
        var path = temp.File("ok.pth");
        CraftedPth.Write(path, WithConfig(p => p.Raw((byte)'}').Mark().Text("MODEL").Text("swin").Raw((byte)'u')), Storage);

        using var checkpoint = CheckpointFile.Read(path);

        Assert.Equal([2L, 3L], checkpoint.State["w"].shape);
        Assert.Equal([0f, 1, 2, 3, 4, 5], checkpoint.State["w"].data<float>().ToArray());
        Assert.Equal("swin", checkpoint.Config!["MODEL"]);
    }

    [Fact]
    public void StorageSizeWrittenAsPythonLongLoads()
    {
        // Python writes integers of 2^31 and more as LONG1; PyBridge cast every size to int (InvalidCastException).
        using var temp = new TempDir();
        var path = temp.File("long.pth");
        var pickle = new PickleWriter().Raw((byte)'}').Text("w").Tensor("0", 6, [2, 3], [3, 1]).Raw((byte)'s').Stop();
        var patched = WithLongInt(pickle, 6);
        CraftedPth.Write(path, patched, Storage);

        using var checkpoint = CheckpointFile.Read(path);

        Assert.Equal(5f, checkpoint.State["w"][1, 2].item<float>());
    }

    [Fact]
    public void TensorsViewingOneStorageShareItsMemory()
    {
        // Each view used to be copied: 60 views of one 64 MB storage (a 66 KB file) took 4.16 GB to inspect.
        using var temp = new TempDir();
        var path = temp.File("shared.pth");
        var pickle = new PickleWriter().Raw((byte)'}').Mark()
            .Text("a").Tensor("0", 6, [2, 3], [3, 1])
            .Text("b").Tensor("0", 6, [5], [1], 1)
            .Raw((byte)'u').Stop();
        CraftedPth.Write(path, pickle, Storage);

        using var checkpoint = CheckpointFile.Read(path);
        Assert.Equal([1f, 2, 3, 4, 5], checkpoint.State["b"].data<float>().ToArray());
        checkpoint.State["a"][0, 1].fill_(100f);

        Assert.Equal(100f, checkpoint.State["b"][0].item<float>());
    }

    [Theory]
    [InlineData(4, null)]
    [InlineData(5, "its 5 tensors view 120 bytes of storages that hold 24: more than 4 times")]
    public void ViewsAddingUpToManyTimesTheirStorageAreRefused(int views, string? expected)
    {
        // Read as views they cost nothing, but exporting copies each: 60 views of a 64 MB storage made a 4 GB file.
        var pickle = new PickleWriter().Raw((byte)'}').Mark();
        for (var i = 0; i < views; i++) pickle.Text($"w{i}").Tensor("0", 6, [6], [1]);
        var bytes = pickle.Raw((byte)'u').Stop();
        if (expected is not null)
        {
            AssertRefused(bytes, expected);
            return;
        }
        using var temp = new TempDir();
        var path = temp.File("views.pth");
        CraftedPth.Write(path, bytes, Storage);
        using var checkpoint = CheckpointFile.Read(path);
        Assert.Equal(views, checkpoint.State.Count);
    }

    [Fact]
    public void ViewAtAnOffsetIsWrittenOutOnItsOwn()
    {
        // Views are kept as views; the writers still copy each to a standalone tensor of exactly its own bytes.
        using var temp = new TempDir();
        var path = temp.File("shared.pth");
        CraftedPth.Write(path, new PickleWriter().Raw((byte)'}').Text("b").Tensor("0", 6, [2, 2], [1, 2], 1).Raw((byte)'s').Stop(), Storage);
        using var checkpoint = CheckpointFile.Read(path);
        CheckpointFile.WriteSafetensors(temp.File("copy.safetensors"), checkpoint.State);
        CheckpointFile.WritePth(temp.File("copy.pth"), checkpoint.State);

        foreach (var copy in new[] { "copy.safetensors", "copy.pth" })
        {
            using var back = CheckpointFile.Read(temp.File(copy));
            Assert.Equal([1f, 3, 2, 4], back.State["b"].data<float>().ToArray());
        }
    }

    [Fact]
    public void DeeplyNestedPickleIsRefusedWithoutStackOverflow()
    {
        const int levels = 100_000; // each ']' pushes a list, each 'a' appends it into the one below
        AssertRefused(WithConfig(p => p.Repeat((byte)']', levels).Repeat((byte)'a', levels - 1)), "levels deep");
    }

    [Fact]
    public void ListContainingItselfIsRefused() =>
        AssertRefused(WithConfig(p => p.Raw((byte)']', (byte)'q', 200, (byte)'h', 200, (byte)'a')), "contains itself");

    [Fact]
    public void SharedReferenceBombIsRefused()
    {
        // "Billion laughs": each level is a list of ten references to the previous one, 10^40 values expanded.
        AssertRefused(WithConfig(p =>
        {
            p.Raw((byte)']', (byte)'q', 0);
            for (byte level = 1; level <= 40; level++)
            {
                p.Mark();
                for (var i = 0; i < 10; i++) p.Raw((byte)'h', (byte)(level - 1));
                p.Raw((byte)'l', (byte)'q', level);
            }
            return p;
        }), "counting each use");
    }

    [Fact]
    public void PickleThatInflatesBeyondTheLimitIsRefused()
    {
        using var temp = new TempDir();
        var path = temp.File("bomb.pth");
        // 65 MiB of zeros deflate to about 65 KB.
        var pickle = new byte[CheckpointLimits.MaxPickleBytes + (1 << 20)];
        CraftedPth.Write(path, pickle, level: CompressionLevel.SmallestSize);
        Assert.True(new FileInfo(path).Length < 1 << 20);

        AssertRefused(path, "data.pkl' is");
    }

    [Fact]
    public void EntryThatInflatesBeyondItsDeclaredSizeIsRefused()
    {
        using var temp = new TempDir();
        var path = temp.File("liar.pth");
        CraftedPth.Write(path, WithConfig(p => p.Text(new string('x', 1 << 20))), Storage, CompressionLevel.SmallestSize);
        // Declare 1000 bytes for data.pkl in both the local header and the central directory.
        var bytes = File.ReadAllBytes(path);
        PatchSize(bytes, [0x50, 0x4b, 0x03, 0x04], 22);
        PatchSize(bytes, [0x50, 0x4b, 0x01, 0x02], 24);
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "data.pkl");
    }

    [Fact]
    public void StorageWithFlippedBytesIsRefusedByItsCrc()
    {
        // A stored entry has no check but the CRC-32 in the archive: without it the flipped weights loaded silently.
        using var temp = new TempDir();
        var path = temp.File("flipped.pth");
        CraftedPth.Write(path, new PickleWriter().Raw((byte)'}').Text("w").Tensor("0", 2, 3).Raw((byte)'s').Stop(), Storage);
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf(Storage["0"]);
        Assert.True(at > 0);
        bytes[at + 5] ^= 0xff;
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "archive entry 'archive/data/0' is damaged: its bytes have CRC-32");
    }

    [Fact]
    public void PickleWithFlippedBytesIsRefusedByItsCrc()
    {
        using var temp = new TempDir();
        var path = temp.File("flipped.pth");
        CraftedPth.Write(path, WithConfig(p => p.Text("abcdefgh")), Storage);
        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf("abcdefgh"u8);
        bytes[at] = (byte)'x'; // still a valid pickle: only the CRC tells
        File.WriteAllBytes(path, bytes);

        AssertRefused(path, "archive entry 'archive/data.pkl' is damaged");
    }

    static void PatchSize(byte[] zip, byte[] signature, int offset)
    {
        var at = zip.AsSpan().IndexOf(signature); // the first entry is data.pkl
        BitConverter.GetBytes(1000).CopyTo(zip, at + offset);
    }

    [Theory]
    [InlineData(new long[] { -1, 3 }, new long[] { 3, 1 }, 0L, "negative")]
    [InlineData(new long[] { 1L << 40, 1L << 40 }, new long[] { 1, 1 }, 0L, "reaches past")]
    [InlineData(new long[] { 2, 3 }, new long[] { 3, 1 }, 1L, "reaches past")]
    [InlineData(new long[] { 2, 3 }, new long[] { 4, 1 }, 0L, "reaches past")]
    [InlineData(new long[] { 100000, 100000 }, new long[] { 0, 0 }, 0L, "reaches past")]
    [InlineData(new long[] { 2, 3 }, new long[] { 3, -1 }, 0L, "negative")]
    public void TensorRecordOutsideItsStorageIsRefused(long[] shape, long[] stride, long offset, string expected) =>
        AssertRefused(new PickleWriter().Raw((byte)'}').Text("w").Tensor("0", 6, shape, stride, offset).Raw((byte)'s').Stop(), expected);

    [Theory]
    [InlineData(7L, "FloatStorage", "holds 24 bytes")]
    [InlineData(1L << 62, "FloatStorage", "holds 24 bytes")]
    [InlineData(-6L, "FloatStorage", "negative")]
    [InlineData(6L, "ComplexFloatStorage", "type is the class torch.ComplexFloatStorage, not one of")]
    public void StorageRecordThatDoesNotMatchItsEntryIsRefused(long elements, string type, string expected) =>
        AssertRefused(new PickleWriter().Raw((byte)'}').Text("w").Tensor("0", elements, [2, 3], [3, 1], storage: type).Raw((byte)'s').Stop(), expected);

    [Fact]
    public void StorageWithoutEntryIsRefused() =>
        AssertRefused(new PickleWriter().Raw((byte)'}').Text("w").Tensor("7", 2, 3).Raw((byte)'s').Stop(), "has no entry");

    [Fact]
    public void MaliciousObjectInPlaceOfATensorIsNamedAndNeverRun()
    {
        using var temp = new TempDir();
        var marker = temp.File("ran");
        var pickle = new PickleWriter().Raw((byte)'}').Text("model").Raw((byte)'}').Mark()
            .Text("queue1").Tensor("0", 2, 3)
            .Text("queue_ptr").Global("posix", "system").Text($"touch {marker}").Raw(0x85, (byte)'R') // TUPLE1, REDUCE
            .Raw((byte)'u', (byte)'s').Stop();

        AssertRefused(pickle, "'model' key 'queue_ptr' holds a posix.system object, not a tensor");
        Assert.False(File.Exists(marker));
    }

    [Theory]
    [InlineData('I')]
    [InlineData('L')]
    public void DecimalIntegerWithTooManyDigitsIsRefusedAtOnce(char opcode)
    {
        // 10 million digits took 23 s to parse (quadratic); refused by their count, in the opcode scan, before any parsing.
        var digits = Enumerable.Repeat((byte)'7', 10_000_000);
        AssertRefused(WithConfig(p => p.Raw([(byte)opcode, .. digits, (byte)'L', (byte)'\n'])), "an integer of more than 160 digits");
    }

    [Fact]
    public void LongIntegerOfManyBytesIsRefused()
    {
        // LONG4 with an 8 MB integer in the config: printing it as text hung `moby inspect`.
        byte[] long4 = [0x8b, .. BitConverter.GetBytes(1 << 23), .. new byte[1 << 23]];
        AssertRefused(WithConfig(p => p.Raw(long4)), "an integer of 8,388,608 bytes");
        // LONG1 can hold 255 bytes: also more than any checkpoint number needs.
        AssertRefused(WithConfig(p => p.Raw([0x8a, 65, .. new byte[65]])), "an integer of 65 bytes");
    }

    [Fact]
    public void IntegersUpToTheLimitStillLoad()
    {
        using var temp = new TempDir();
        var path = temp.File("ints.pth");
        var decimalText = "L" + new string('9', CheckpointLimits.MaxPickleIntegerDigits) + "L\n";
        byte[] long1 = [0x8a, (byte)CheckpointLimits.MaxPickleIntegerBytes, .. new byte[CheckpointLimits.MaxPickleIntegerBytes - 1], 1];
        CraftedPth.Write(path, WithConfig(p => p.Mark().Raw(System.Text.Encoding.ASCII.GetBytes(decimalText)).Raw(long1).Raw((byte)'l')), Storage);

        using var checkpoint = CheckpointFile.Read(path);

        Assert.Equal(2L, checkpoint.State["w"].shape[0]);
    }

    [Fact]
    public void TruncatedPickleIsRefused()
    {
        var pickle = WithConfig(p => p.Text("x"));
        AssertRefused(pickle[..(pickle.Length / 2)], "truncated");
    }

    static void AssertRefused(byte[] pickle, string expected)
    {
        using var temp = new TempDir();
        var path = temp.File("crafted.pth");
        CraftedPth.Write(path, pickle, Storage);
        AssertRefused(path, expected);
    }

    internal static void AssertRefused(string path, string expected)
    {
        var error = Assert.Throws<CheckpointFormatException>(() => CheckpointFile.Read(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    /// <summary>The pickle with the BININT of <paramref name="value"/> rewritten as an 8-byte LONG1.</summary>
    static byte[] WithLongInt(byte[] pickle, int value)
    {
        byte[] binint = [(byte)'J', .. BitConverter.GetBytes(value)];
        var at = pickle.AsSpan().IndexOf(binint);
        Assert.True(at >= 0);
        return [.. pickle[..at], 0x8a, 8, .. BitConverter.GetBytes((long)value), .. pickle[(at + binint.Length)..]];
    }
}
