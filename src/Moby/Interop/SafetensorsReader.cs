using System.Buffers.Binary;
using static TorchSharp.torch;

namespace Moby.Interop;

/// <summary>
/// An open safetensors file whose header is read and checked (<see cref="SafetensorsHeader"/>) while its tensors stay on
/// disk: each is read when asked for, whole or a slice of its first dimension at a time, so that a caller can check a
/// tensor's dtype and shape before any of its bytes are read and hold no more of it than one slice.
/// </summary>
sealed class SafetensorsReader : IDisposable
{
    readonly FileStream stream;
    readonly long dataStart;

    SafetensorsReader(string path, FileStream stream, SafetensorsHeader header)
    {
        (Path, this.stream, Header, dataStart) = (path, stream, header, stream.Position);
    }

    public string Path { get; }

    public SafetensorsHeader Header { get; }

    /// <summary>Opens <paramref name="path"/> and reads its header (at most <see cref="CheckpointLimits.MaxSafetensorsHeaderBytes"/>).</summary>
    public static SafetensorsReader Open(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            var header = SafetensorsHeader.Parse(ReadHeader(stream, path), stream.Length - stream.Position, SafetensorsFile.TypesByName, path);
            return new SafetensorsReader(path, stream, header);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>The whole tensor, as a new CPU tensor.</summary>
    public Tensor Read(SafetensorsEntry entry) => Read(entry, entry.Shape, 0);

    /// <summary>Entries [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) of the tensor's first
    /// dimension (within it), as a new CPU tensor: only those bytes are read.</summary>
    public Tensor ReadRows(SafetensorsEntry entry, long first, long count)
    {
        if (entry.Shape.Length == 0 || first < 0 || count < 0 || first + count > entry.Shape[0])
            throw new ArgumentOutOfRangeException(nameof(first), $"rows [{first}, {first + count}) of '{entry.Name}' [{string.Join(", ", entry.Shape)}]");
        long row = entry.Shape[0] == 0 ? 0 : (entry.End - entry.Begin) / entry.Shape[0];
        return Read(entry, [count, .. entry.Shape[1..]], first * row);
    }

    Tensor Read(SafetensorsEntry entry, long[] shape, long offset)
    {
        var tensor = empty(shape, entry.Type, device: CPU);
        try
        {
            stream.Position = dataStart + entry.Begin + offset;
            stream.ReadExactly(TensorBytes.Of(tensor));
            return tensor;
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }

    static byte[] ReadHeader(Stream stream, string path)
    {
        Span<byte> lengthBytes = stackalloc byte[8];
        stream.ReadExactly(lengthBytes);
        var length = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
        if (length > (ulong)CheckpointLimits.MaxSafetensorsHeaderBytes)
            throw new CheckpointFormatException(path, $"its safetensors header claims {length:N0} bytes, more than the {CheckpointLimits.MaxSafetensorsHeaderBytes:N0} allowed");
        if ((long)length > stream.Length - 8)
            throw new CheckpointFormatException(path, $"its safetensors header of {length} bytes runs past the end of the {stream.Length}-byte file (truncated?)");
        var json = new byte[length];
        stream.ReadExactly(json);
        return json;
    }

    public void Dispose() => stream.Dispose();
}
