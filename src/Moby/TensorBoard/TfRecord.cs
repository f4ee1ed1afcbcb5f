using System.Buffers.Binary;
using System.Numerics;

namespace Moby.TensorBoard;

/// <summary>
/// TFRecord framing, the container of TensorBoard event files: per record, its length (uint64), the masked CRC-32C of
/// those 8 bytes, the data, the masked CRC-32C of the data, all little-endian. Readers check both checksums, and stop
/// at the first record whose length checksum fails (a torn write), so every record must be whole.
/// </summary>
internal static class TfRecord
{
    public static byte[] Frame(ReadOnlySpan<byte> data)
    {
        var record = new byte[8 + 4 + data.Length + 4];
        BinaryPrimitives.WriteUInt64LittleEndian(record, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(8), MaskedCrc(record.AsSpan(0, 8)));
        data.CopyTo(record.AsSpan(12));
        BinaryPrimitives.WriteUInt32LittleEndian(record.AsSpan(12 + data.Length), MaskedCrc(data));
        return record;
    }

    /// <summary>TFRecord masks its checksums (rotated right by 15 bits, plus a constant): a CRC of data that holds CRCs is weak.</summary>
    public static uint MaskedCrc(ReadOnlySpan<byte> data) => BitOperations.RotateRight(Crc32C(data), 15) + 0xa282ead8u;

    /// <summary>CRC-32C (Castagnoli, as iSCSI): <see cref="BitOperations.Crc32C(uint, ulong)"/> is its bare update step (the
    /// SSE4.2 / ARMv8 instruction when there is one), so the standard initial value and final inversion are added here.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        for (; data.Length >= 8; data = data[8..]) crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
        foreach (byte b in data) crc = BitOperations.Crc32C(crc, b);
        return ~crc;
    }
}
