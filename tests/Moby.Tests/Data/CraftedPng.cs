using System.Buffers.Binary;
using System.IO.Compression;

namespace Moby.Tests.Data;

/// <summary>
/// PNG files written chunk by chunk, so that a test can declare any size in the header while the file stays tiny
/// (the pixel data is a few bytes: a decoder that trusts the header runs out of data, or out of memory, first).
/// </summary>
internal static class CraftedPng
{
    static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>An 8-bit RGBA PNG that declares <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] Declaring(int width, int height)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 6; // RGBA
        using var png = new MemoryStream();
        png.Write(Signature);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", Zlib(new byte[64])); // the first rows' filter bytes and pixels, nothing more
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>
    /// An 8-bit grayscale PNG of <paramref name="width"/> x <paramref name="height"/> whose row y is all
    /// <c>shade(y)</c>: a large image in a small file (its rows compress to almost nothing).
    /// </summary>
    public static byte[] Gray(int width, int height, Func<int, byte> shade)
    {
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        using var rows = new MemoryStream();
        using (var z = new ZLibStream(rows, CompressionLevel.Fastest))
        {
            var row = new byte[1 + width]; // filter byte 0 (none), then the pixels
            for (int y = 0; y < height; y++)
            {
                Array.Fill(row, shade(y), 1, width);
                z.Write(row);
            }
        }
        using var png = new MemoryStream();
        png.Write(Signature);
        Chunk(png, "IHDR", ihdr);
        Chunk(png, "IDAT", rows.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    static void Chunk(Stream png, string type, byte[] data)
    {
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typed);
        data.CopyTo(typed, 4);
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    static byte[] Zlib(byte[] data)
    {
        using var memory = new MemoryStream();
        using (var z = new ZLibStream(memory, CompressionLevel.Fastest))
            z.Write(data);
        return memory.ToArray();
    }

    /// <summary>The CRC-32 every PNG chunk ends with (over type and data; polynomial 0xEDB88320).</summary>
    static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
                crc = (crc >> 1) ^ (0xEDB88320 & (0 - (crc & 1)));
        }
        return ~crc;
    }
}
