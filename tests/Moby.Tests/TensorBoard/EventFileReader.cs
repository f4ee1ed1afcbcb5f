using System.Buffers.Binary;
using System.Text;

namespace Moby.Tests.TensorBoard;

/// <summary>
/// A TensorBoard event file reader written apart from the writer, to check what TensorBoard would read: the TFRecord
/// framing (uint64 length, masked CRC-32C of the length, data, masked CRC-32C of the data) with both checksums checked
/// by a bitwise CRC-32C (reflected polynomial 0x82F63B78; the writer uses the CPU's instruction), then the fields of
/// TensorFlow's protos by number (tensorflow/core/util/event.proto, tensorflow/core/framework/summary.proto):
/// Event { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; SessionLog session_log = 7; },
/// Summary { repeated Value value = 1; }, Summary.Value { string tag = 1; float simple_value = 2; },
/// SessionLog { SessionStatus status = 1; }. Other fields are skipped, as protobuf readers do. Anything malformed throws.
/// </summary>
internal static class EventFileReader
{
    public sealed record Scalar(string Tag, float Value);

    public sealed record Event(double WallTime, long Step, string? FileVersion, long? SessionStatus, IReadOnlyList<Scalar> Scalars);

    public static List<Event> Read(string path) => Records(File.ReadAllBytes(path)).Select(Decode).ToList();

    public static IEnumerable<byte[]> Records(byte[] file)
    {
        for (int at = 0; at < file.Length;)
        {
            if (file.Length - at < 12) throw new InvalidDataException($"a torn record header at byte {at}");
            var header = file.AsSpan(at, 8);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 8)) != MaskedCrc(header))
                throw new InvalidDataException($"the length checksum of the record at byte {at} fails");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
            if (length > (ulong)(file.Length - at - 16)) throw new InvalidDataException($"the record at byte {at} runs past the end");
            var data = file.AsSpan(at + 12, (int)length);
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(at + 12 + (int)length)) != MaskedCrc(data))
                throw new InvalidDataException($"the data checksum of the record at byte {at} fails");
            yield return data.ToArray();
            at += 16 + (int)length;
        }
    }

    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
        }
        return ~crc;
    }

    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        uint crc = Crc32C(data);
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }

    public static Event Decode(byte[] data)
    {
        double wallTime = 0;
        long step = 0;
        string? version = null;
        long? status = null;
        var scalars = new List<Scalar>();
        foreach (var field in Fields(data))
        {
            switch (field.Number)
            {
                case 1: wallTime = BitConverter.Int64BitsToDouble((long)field.Fixed(1)); break;
                case 2: step = (long)field.Varint(); break;
                case 3: version = Encoding.UTF8.GetString(field.Bytes()); break;
                case 5: scalars.AddRange(Fields(field.Bytes()).Where(f => f.Number == 1).Select(f => Value(f.Bytes()))); break;
                case 7: status = Fields(field.Bytes()).Where(f => f.Number == 1).Select(f => (long)f.Varint()).LastOrDefault(); break;
            }
        }
        return new Event(wallTime, step, version, status, scalars);
    }

    private static Scalar Value(byte[] data)
    {
        string? tag = null;
        float? value = null;
        foreach (var field in Fields(data))
        {
            if (field.Number == 1) tag = Encoding.UTF8.GetString(field.Bytes());
            if (field.Number == 2) value = BitConverter.Int32BitsToSingle((int)field.Fixed(5));
        }
        return new Scalar(tag ?? throw new InvalidDataException("a value without a tag"), value ?? throw new InvalidDataException($"{tag}: no simple_value"));
    }

    /// <summary>One field: its number, wire type and payload (a varint's value, 8 or 4 raw bytes, or length-delimited bytes).</summary>
    private sealed record Field(int Number, int WireType, ulong Number64, byte[] Payload)
    {
        public ulong Varint() => WireType == 0 ? Number64 : throw Wrong("a varint");
        public ulong Fixed(int wire) => WireType == wire ? Number64 : throw Wrong(wire == 1 ? "64 bits" : "32 bits");
        public byte[] Bytes() => WireType == 2 ? Payload : throw Wrong("bytes");
        private InvalidDataException Wrong(string expected) => new($"field {Number}: wire type {WireType}, expected {expected}");
    }

    private static List<Field> Fields(byte[] data)
    {
        var fields = new List<Field>();
        for (int at = 0; at < data.Length;)
        {
            ulong key = ReadVarint(data, ref at);
            int number = (int)(key >> 3), wire = (int)(key & 7);
            switch (wire)
            {
                case 0: fields.Add(new Field(number, wire, ReadVarint(data, ref at), [])); break;
                case 1: fields.Add(new Field(number, wire, BinaryPrimitives.ReadUInt64LittleEndian(Take(data, ref at, 8)), [])); break;
                case 5: fields.Add(new Field(number, wire, BinaryPrimitives.ReadUInt32LittleEndian(Take(data, ref at, 4)), [])); break;
                case 2: fields.Add(new Field(number, wire, 0, Take(data, ref at, checked((int)ReadVarint(data, ref at))).ToArray())); break;
                default: throw new InvalidDataException($"field {number}: unknown wire type {wire}");
            }
        }
        return fields;
    }

    private static ReadOnlySpan<byte> Take(byte[] data, ref int at, int count)
    {
        if (count < 0 || count > data.Length - at) throw new InvalidDataException($"a field runs past its message at byte {at}");
        at += count;
        return data.AsSpan(at - count, count);
    }

    private static ulong ReadVarint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (at >= data.Length) throw new InvalidDataException("a torn varint");
            byte b = data[at++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return value;
        }
        throw new InvalidDataException("a varint of more than 10 bytes");
    }
}
