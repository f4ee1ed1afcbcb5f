namespace Moby.Data.Segmentation;

/// <summary>The CRC-32 of zlib and PNG chunks (polynomial 0xEDB88320, reflected), table-driven.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        uint c = (uint)n;
        for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Of(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second)
    {
        uint c = 0xFFFFFFFF;
        foreach (byte b in first) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        foreach (byte b in second) c = Table[(c ^ b) & 0xFF] ^ (c >> 8);
        return c ^ 0xFFFFFFFF;
    }
}
