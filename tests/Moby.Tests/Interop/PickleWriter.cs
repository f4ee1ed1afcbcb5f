using System.Buffers.Binary;
using System.Text;

namespace Moby.Tests.Interop;

/// <summary>
/// Writes pickles opcode by opcode, as torch.save would (protocol 2), so tests can craft exactly the damage or
/// attack they need: wrong records, deep nesting, shared references, objects in place of tensors.
/// </summary>
sealed class PickleWriter
{
    readonly MemoryStream bytes = new();

    public PickleWriter() => Raw(0x80, 2); // PROTO 2

    public PickleWriter Raw(params byte[] opcodes)
    {
        bytes.Write(opcodes);
        return this;
    }

    public PickleWriter Repeat(byte opcode, int count)
    {
        for (var i = 0; i < count; i++) bytes.WriteByte(opcode);
        return this;
    }

    public PickleWriter Mark() => Raw((byte)'(');

    public PickleWriter Text(string text)
    {
        var utf8 = Encoding.UTF8.GetBytes(text);
        Raw((byte)'X');
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        bytes.Write(length);
        return Raw(utf8);
    }

    /// <summary>BININT for values that fit 32 bits, LONG1 (as Python writes larger ones) otherwise.</summary>
    public PickleWriter Int(long value)
    {
        if (value is >= int.MinValue and <= int.MaxValue)
        {
            Span<byte> four = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(four, (int)value);
            return Raw((byte)'J').Raw(four.ToArray());
        }
        Span<byte> eight = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(eight, value);
        return Raw(0x8a, 8).Raw(eight.ToArray());
    }

    public PickleWriter Global(string module, string name) => Raw(Encoding.ASCII.GetBytes($"c{module}\n{name}\n"));

    public PickleWriter Tuple(params long[] values)
    {
        Mark();
        foreach (var value in values) Int(value);
        return Raw((byte)'t');
    }

    /// <summary>torch._utils._rebuild_tensor_v2 over the storage "data/{key}", exactly as torch.save writes a tensor.</summary>
    public PickleWriter Tensor(string key, long elements, long[] shape, long[] stride, long offset = 0, string storage = "FloatStorage")
    {
        Global("torch._utils", "_rebuild_tensor_v2").Mark();
        Mark().Text("storage").Global("torch", storage).Text(key).Text("cpu").Int(elements).Raw((byte)'t', (byte)'Q');
        Int(offset).Tuple(shape).Tuple(stride).Raw(0x89); // requires_grad False
        Global("collections", "OrderedDict").Raw((byte)')', (byte)'R'); // backward hooks
        return Raw((byte)'t', (byte)'R');
    }

    /// <summary>A float32 tensor of the given shape, contiguous, over the whole storage.</summary>
    public PickleWriter Tensor(string key, params long[] shape)
    {
        var stride = new long[shape.Length];
        long step = 1;
        for (var i = shape.Length - 1; i >= 0; i--) { stride[i] = step; step *= shape[i]; }
        return Tensor(key, shape.Aggregate(1L, (a, b) => a * b), shape, stride);
    }

    public byte[] Stop() => [.. bytes.ToArray(), (byte)'.'];
}
