using System.Buffers.Binary;
using System.Text;

namespace Moby.Reporting;

/// <summary>
/// The protocol buffers wire format for the few field types an event file needs: each field is a key (field number and
/// wire type, as a varint), then a varint, 8 or 4 little-endian bytes, or a length-prefixed run of bytes (text, messages).
/// </summary>
internal sealed class ProtobufWriter
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    private readonly MemoryStream bytes = new();

    public byte[] ToArray() => bytes.ToArray();

    public ProtobufWriter Int64(int field, long value)
    {
        Key(field, Varint);
        WriteVarint((ulong)value);
        return this;
    }

    public ProtobufWriter Double(int field, double value)
    {
        Key(field, Fixed64);
        Span<byte> raw = stackalloc byte[8];
        BinaryPrimitives.WriteDoubleLittleEndian(raw, value);
        bytes.Write(raw);
        return this;
    }

    public ProtobufWriter Float(int field, float value)
    {
        Key(field, Fixed32);
        Span<byte> raw = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(raw, value);
        bytes.Write(raw);
        return this;
    }

    public ProtobufWriter Text(int field, string text) => Bytes(field, Encoding.UTF8.GetBytes(text));

    /// <summary>A nested message, written by <paramref name="body"/>.</summary>
    public ProtobufWriter Message(int field, Action<ProtobufWriter> body)
    {
        var inner = new ProtobufWriter();
        body(inner);
        return Bytes(field, inner.ToArray());
    }

    private ProtobufWriter Bytes(int field, byte[] value)
    {
        Key(field, LengthDelimited);
        WriteVarint((ulong)value.Length);
        bytes.Write(value);
        return this;
    }

    private void Key(int field, int wireType) => WriteVarint((ulong)(field << 3 | wireType));

    private void WriteVarint(ulong value)
    {
        for (; value >= 0x80; value >>= 7) bytes.WriteByte((byte)(value | 0x80));
        bytes.WriteByte((byte)value);
    }
}
