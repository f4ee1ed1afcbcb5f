using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using Moby.IO;
using Moby.Interop;

namespace Moby.Data.Segmentation;

/// <summary>
/// Label maps as PNG files, read as mmseg reads them (PIL, mode unchanged): the stored value of each pixel is its class
/// index, from an 8-bit grayscale file (ADE20K's annotations) or from the palette indices of a palette file (1, 2, 4 or
/// 8 bits, as VOC-style masks), never from the colours. Our own reader because a general decoder turns palette indices
/// into colours. A file is refused before anything is allocated when it declares more pixels than the limit; the
/// inflated data must be exactly the size the header announces, so a crafted file costs no more than its declared
/// image. Written as 8-bit grayscale, or with a palette when colours are given (predictions a person looks at).
/// </summary>
internal static class LabelPng
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];
    private const byte Gray = 0, Palette = 3;

    public static LabelMap Read(string path, long maxPixels)
    {
        FileKind.RequireRegular(path, reason => new DataException($"label map '{ShownNames.Path(path)}': {reason}"));
        byte[] bytes;
        try
        {
            long length = new FileInfo(path).Length, limit = 2 * maxPixels + (16 << 20);
            if (length > limit)
                throw new DataException($"label map '{ShownNames.Path(path)}': the file has {length:N0} bytes, more than a label map within the pixel limit can need ({limit:N0})");
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataException($"label map '{ShownNames.Path(path)}': {ShownNames.IoMessage(e)}", e);
        }
        return Decode(bytes, path, maxPixels);
    }

    public static LabelMap Decode(byte[] png, string name, long maxPixels)
    {
        string Where(string reason) => $"label map '{ShownNames.Path(name)}': {reason}";
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
            throw new DataException(Where("not a PNG file (label maps are 8-bit grayscale or palette PNGs)"));
        Header? header = null;
        var compressed = new MemoryStream();
        int at = Signature.Length;
        while (true)
        {
            if (at + 12 > png.Length) throw new DataException(Where("the file ends before its IEND chunk (truncated?)"));
            uint length = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at));
            string type = Encoding.ASCII.GetString(png, at + 4, 4);
            if (length > png.Length - at - 12L) throw new DataException(Where($"chunk {type} runs past the end of the file (truncated?)"));
            var data = png.AsSpan(at + 8, (int)length);
            at += 12 + (int)length;
            if (type == "IHDR") header = Header.Parse(data, Where, maxPixels);
            else if (type == "IDAT") compressed.Write(data);
            else if (type == "IEND") break;
        }
        if (header is null) throw new DataException(Where("no IHDR chunk"));
        return header.Unfilter(Inflate(compressed, header.DataBytes, Where), Where);
    }

    private static byte[] Inflate(MemoryStream compressed, long expected, Func<string, string> where)
    {
        compressed.Position = 0;
        var raw = new byte[expected];
        try
        {
            using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
            int filled = zlib.ReadAtLeast(raw, raw.Length, throwOnEndOfStream: false);
            if (filled < raw.Length) throw new DataException(where($"its image data inflates to {filled} bytes, fewer than the {expected} its header announces (truncated?)"));
            if (zlib.ReadByte() >= 0) throw new DataException(where($"its image data inflates to more than the {expected} bytes its header announces"));
        }
        catch (InvalidDataException e)
        {
            throw new DataException(where($"its image data is not valid zlib data ({e.Message})"), e);
        }
        return raw;
    }

    private sealed record Header(int Width, int Height, int BitDepth)
    {
        private int RowBytes => (Width * BitDepth + 7) / 8;
        public long DataBytes => (long)Height * (1 + RowBytes);

        public static Header Parse(ReadOnlySpan<byte> data, Func<string, string> where, long maxPixels)
        {
            if (data.Length != 13) throw new DataException(where($"its IHDR chunk has {data.Length} bytes, expected 13"));
            long width = BinaryPrimitives.ReadUInt32BigEndian(data), height = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
            byte depth = data[8], color = data[9], interlace = data[12];
            if (width == 0 || height == 0 || width * height > maxPixels)
                throw new DataException(where($"its header declares {width} x {height} pixels; expected at least 1 and at most {maxPixels} (MOBYNET.MAX_IMAGE_PIXELS)"));
            bool gray8 = color == Gray && depth == 8, palette = color == Palette && depth is 1 or 2 or 4 or 8;
            if (!gray8 && !palette)
                throw new DataException(where($"colour type {color} with {depth}-bit samples; a label map is an 8-bit grayscale or a palette PNG (one class index per pixel)"));
            if (data[10] != 0 || data[11] != 0) throw new DataException(where("unknown PNG compression or filter method"));
            if (interlace != 0) throw new DataException(where("interlaced PNG label maps are not supported; save it without interlacing"));
            return new Header((int)width, (int)height, depth);
        }

        /// <summary>Undoes the per-row filters (PNG's five; one byte per filter unit at these depths) and unpacks the samples.</summary>
        public LabelMap Unfilter(byte[] raw, Func<string, string> where)
        {
            int stride = RowBytes;
            var previous = new byte[stride];
            var row = new byte[stride];
            var labels = new byte[Width * Height];
            for (int y = 0; y < Height; y++)
            {
                int start = y * (stride + 1);
                byte filter = raw[start];
                raw.AsSpan(start + 1, stride).CopyTo(row);
                for (int i = 0; i < stride; i++)
                {
                    int left = i > 0 ? row[i - 1] : 0, up = previous[i], upLeft = i > 0 ? previous[i - 1] : 0;
                    row[i] += filter switch
                    {
                        0 => 0,
                        1 => (byte)left,
                        2 => (byte)up,
                        3 => (byte)((left + up) / 2),
                        4 => Paeth(left, up, upLeft),
                        _ => throw new DataException(where($"row {y} has unknown filter type {filter}")),
                    };
                }
                Unpack(row, labels.AsSpan(y * Width, Width));
                (previous, row) = (row, previous);
            }
            return new LabelMap(labels, Width, Height);
        }

        private void Unpack(byte[] row, Span<byte> labels)
        {
            if (BitDepth == 8) { row.AsSpan(0, Width).CopyTo(labels); return; }
            int perByte = 8 / BitDepth, mask = (1 << BitDepth) - 1;
            for (int x = 0; x < Width; x++)
                labels[x] = (byte)((row[x / perByte] >> (8 - BitDepth * (x % perByte + 1))) & mask);
        }

        private static byte Paeth(int a, int b, int c)
        {
            int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
            return (byte)(pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
        }
    }

    /// <summary>An 8-bit PNG of the labels: grayscale, or palette-indexed with <paramref name="palette"/> (RGB triples) as colours.</summary>
    public static byte[] Encode(LabelMap map, byte[]? palette = null) => Encode(map.Labels, map.Width, map.Height, palette);

    /// <summary>An 8-bit one-channel PNG of row-major <paramref name="values"/>: grayscale, or indices into <paramref name="palette"/>.</summary>
    public static byte[] Encode(byte[] values, int width, int height, byte[]? palette = null)
    {
        using var output = new MemoryStream();
        output.Write(Signature);
        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = palette is null ? Gray : Palette;
        Chunk(output, "IHDR", header);
        if (palette is not null) Chunk(output, "PLTE", palette);
        Chunk(output, "IDAT", Deflate(values, width, height));
        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static byte[] Deflate(byte[] values, int width, int height)
    {
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (int y = 0; y < height; y++)
            {
                zlib.WriteByte(0); // filter "none": label maps are flat regions, which deflate compresses well as they are
                zlib.Write(values, y * width, width);
            }
        }
        return compressed.ToArray();
    }

    private static void Chunk(Stream output, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        var name = Encoding.ASCII.GetBytes(type);
        output.Write(name);
        output.Write(data);
        var crc = new System.IO.Hashing.Crc32(); // PNG's chunk CRC is zlib's CRC-32, over the type and the data
        crc.Append(name);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        output.Write(word);
    }
}
