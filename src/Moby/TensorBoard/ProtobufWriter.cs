using System.Text;

namespace Moby.TensorBoard;

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

    public ProtobufWriter Double(int field, double value) => Fixed(field, Fixed64, BitConverter.DoubleToUInt64Bits(value), 8);

    public ProtobufWriter Float(int field, float value) => Fixed(field, Fixed32, BitConverter.SingleToUInt32Bits(value), 4);

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

    /// <summary>The low <paramref name="size"/> bytes of <paramref name="bits"/>, little-endian whatever the machine.</summary>
    private ProtobufWriter Fixed(int field, int wireType, ulong bits, int size)
    {
        Key(field, wireType);
        for (int i = 0; i < size; i++) bytes.WriteByte((byte)(bits >> (8 * i)));
        return this;
    }

    private void Key(int field, int wireType) => WriteVarint((ulong)(field << 3 | wireType));

    private void WriteVarint(ulong value)
    {
        for (; value >= 0x80; value >>= 7) bytes.WriteByte((byte)(value | 0x80));
        bytes.WriteByte((byte)value);
    }
}
