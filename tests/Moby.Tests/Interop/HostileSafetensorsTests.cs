using System.Buffers.Binary;
using System.Text;
using Moby.Interop;
using Xunit;

namespace Moby.Tests.Interop;

/// <summary>Crafted safetensors files: each is refused in one line naming the file and the problem, before any tensor is made.</summary>
public class HostileSafetensorsTests
{
    /// <summary>A file with this JSON header and <paramref name="dataBytes"/> bytes of data.</summary>
    static byte[] File(string header, int dataBytes, long? declaredLength = null)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)(declaredLength ?? json.Length));
        json.CopyTo(bytes, 8);
        return bytes;
    }

    [Fact]
    public void WellFormedCraftedFileLoads()
    {
        using var temp = new TempDir();
        var path = temp.File("ok.safetensors");
        System.IO.File.WriteAllBytes(path, File("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I64","shape":[0],"data_offsets":[8,8]}}""", 8));

        using var checkpoint = CheckpointFile.Read(path);

        Assert.Equal([2L], checkpoint.State["a"].shape);
        Assert.Equal([0L], checkpoint.State["b"].shape);
    }

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}""", "not a non-negative integer")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4611686018427387904,4],"data_offsets":[0,8]}}""", "more than 2^63")]
    [InlineData("""{"a":{"dtype":"F32","shape":[99999999999999999999],"data_offsets":[0,8]}}""", "not a non-negative integer")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2.5],"data_offsets":[0,8]}}""", "not a non-negative integer")]
    [InlineData("""{"a":{"dtype":"F32","shape":"2","data_offsets":[0,8]}}""", "not a list of integers")]
    [InlineData("""{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""", "need 12")]
    [InlineData("""{"a":{"dtype":"C64","shape":[1],"data_offsets":[0,8]}}""", "unsupported dtype")]
    [InlineData("""{"a":{"shape":[2],"data_offsets":[0,8]}}""", "no \"dtype\"")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,0]}}""", "outside")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "key 'a' twice")]
    [InlineData("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", "overlap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"c":{"dtype":"F32","shape":[2],"data_offsets":[8,16]}}""", "overlap")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "unused bytes")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "cover 4 of the 16")]
    [InlineData("""{"__metadata__":{"k":1},"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""", "not a string")]
    [InlineData("""{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]""", "not valid JSON")]
    [InlineData("""{"a":[1]}""", "not described by a JSON object")]
    public void InvalidHeaderIsRefused(string header, string expected) =>
        AssertRefused(File(header, 16), expected);

    [Fact]
    public void HeaderLengthBeyondTheFileIsRefused() =>
        AssertRefused(File("{}", 16, declaredLength: 1000), "runs past the end");

    [Fact]
    public void AbsurdHeaderLengthIsRefused() =>
        AssertRefused(File("{}", 16, declaredLength: long.MaxValue), "allowed");

    [Fact]
    public void TooManyTensorsAreRefusedBeforeAnyIsMade()
    {
        // 1.7 million empty tensors in a 99 MB header took 2.5 GB and 27 s; refused at the first one too many.
        var count = CheckpointLimits.MaxTensors + 1;
        var header = new StringBuilder("{\"__metadata__\":{\"format\":\"pt\"}");
        for (var i = 0; i < count; i++) header.Append($",\"t{i}\":{{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}");
        header.Append('}');

        AssertRefused(File(header.ToString(), 0), "more than 100,000 tensors");
    }

    static void AssertRefused(byte[] bytes, string expected)
    {
        using var temp = new TempDir();
        var path = temp.File("crafted.safetensors");
        System.IO.File.WriteAllBytes(path, bytes);
        HostilePthTests.AssertRefused(path, expected);
    }
}
