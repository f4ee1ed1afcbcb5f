using System.IO.Compression;
using System.IO.Hashing;

namespace Moby.Interop;

/// <summary>
/// Reads zip entries without trusting their declared sizes: the bytes actually inflated are counted, so an
/// entry that inflates past what it declares (or past a limit) stops at the first byte too many. The bytes
/// read are checked against the CRC-32 the archive records for the entry: a stored (uncompressed) entry has no
/// other check, so bytes flipped in a tensor's storage would otherwise load as silently different weights.
/// </summary>
static class ZipEntries
{
    /// <summary>The whole entry, refused above <paramref name="limit"/> bytes.</summary>
    public static byte[] ReadAll(ZipArchiveEntry entry, long limit)
    {
        if (entry.Length > limit) throw TooLarge(entry, limit);
        CheckRatio(entry);
        var bytes = new byte[entry.Length];
        ReadInto(entry, bytes);
        return bytes;
    }

    /// <summary>Fills <paramref name="destination"/>, which must be exactly as long as the entry's data.</summary>
    public static void ReadInto(ZipArchiveEntry entry, Span<byte> destination)
    {
        CheckRatio(entry);
        if (entry.Length != destination.Length)
            throw new BadPickleException($"archive entry '{ShownNames.One(entry.FullName)}' holds {entry.Length} bytes, {destination.Length} expected");
        using var stream = entry.Open();
        var read = 0;
        while (read < destination.Length)
        {
            var n = stream.Read(destination[read..]);
            if (n == 0) throw new BadPickleException($"archive entry '{ShownNames.One(entry.FullName)}' ends after {read} of its {entry.Length} bytes (truncated?)");
            read += n;
        }
        Span<byte> extra = stackalloc byte[1];
        if (stream.Read(extra) != 0)
            throw new BadPickleException($"archive entry '{ShownNames.One(entry.FullName)}' inflates to more than the {entry.Length} bytes it declares");
        // One pass over bytes already in memory (System.IO.Hashing's CRC-32 is vectorised): about a millisecond
        // per few MB, small beside inflating them.
        var crc = Crc32.HashToUInt32(destination);
        if (crc != entry.Crc32)
            throw new BadPickleException($"archive entry '{ShownNames.One(entry.FullName)}' is damaged: its bytes have CRC-32 {crc:x8}, the archive records {entry.Crc32:x8}");
    }

    /// <summary>Refuses a declared size that the entry's compressed bytes cannot produce.</summary>
    static void CheckRatio(ZipArchiveEntry entry)
    {
        var possible = entry.CompressedLength * CheckpointLimits.MaxDeflateRatio + 1024;
        if (entry.Length > possible)
            throw new BadPickleException($"archive entry '{ShownNames.One(entry.FullName)}' declares {entry.Length:N0} bytes, more than its {entry.CompressedLength:N0} compressed bytes can hold");
    }

    static BadPickleException TooLarge(ZipArchiveEntry entry, long limit) =>
        new($"archive entry '{ShownNames.One(entry.FullName)}' is {entry.Length:N0} bytes, more than the {limit:N0} allowed");
}
