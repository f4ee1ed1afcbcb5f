using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Moby.Data.Segmentation;

namespace Moby.Tests.Data.Segmentation;

/// <summary>Hand-made PNG files: given scanlines (already filtered, each with its filter byte), colour type and depth.</summary>
internal static class PngBuilder
{
    public static byte[] Build(int width, int height, byte depth, byte colorType, byte[][] filteredRows, byte[]? palette = null, byte interlace = 0)
    {
        using var output = new MemoryStream();
        output.Write([137, 80, 78, 71, 13, 10, 26, 10]);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        (header[8], header[9], header[12]) = (depth, colorType, interlace);
        Chunk(output, "IHDR", header);
        if (palette != null) Chunk(output, "PLTE", palette);
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            foreach (var row in filteredRows) zlib.Write(row);
        Chunk(output, "IDAT", compressed.ToArray());
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        var word = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(Encoding.ASCII.GetBytes(type));
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, System.IO.Hashing.Crc32.HashToUInt32([.. Encoding.ASCII.GetBytes(type), .. data]));
        output.Write(word);
    }
}
