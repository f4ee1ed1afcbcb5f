using Moby.Interop;
using System.Buffers.Binary;
using System.IO.Compression;

namespace Moby.Data;

/// <summary>
/// An IDX file's header, read and checked before any of its payload: the magic number, every dimension at least 1,
/// and the payload's size within what one array or the caller's limit allows. Nothing is allocated for the payload
/// here, so a header that announces gigabytes costs a few bytes.
/// </summary>
internal sealed record IdxHeader(string File, int[] Dims, int Length, bool Gzipped)
{
    /// <summary>Bytes of one item (all dimensions after the first): an image's pixels, or 1 for a label.</summary>
    public long ItemBytes => Dims.Skip(1).Aggregate(1L, (a, d) => a * d);

    /// <summary>Bytes after the header: the items, one after the other.</summary>
    public long PayloadBytes => Dims[0] * ItemBytes;

    /// <summary>The file as a stream positioned at the start (inflating when its name ends in .gz).</summary>
    public static Stream Open(string file)
    {
        var raw = System.IO.File.OpenRead(file);
        return file.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(raw, CompressionMode.Decompress) : raw;
    }

    /// <summary>Reads the header from <paramref name="stream"/>, leaving it at the first payload byte.</summary>
    public static IdxHeader Read(Stream stream, string file, int magic)
    {
        int rank = magic & 0xFF;
        var header = new byte[4 + 4 * rank];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || BinaryPrimitives.ReadInt32BigEndian(header) != magic)
            throw new DataException($"'{ShownNames.Path(file)}' is not an IDX file of unsigned bytes with {rank} dimension(s) (magic 0x{magic:X8})");
        var dims = Enumerable.Range(0, rank).Select(d => BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4 + 4 * d))).ToArray();
        long length = 1;
        foreach (int d in dims)
        {
            // Each factor is below 2^31 and the product so far at most Array.MaxLength: no overflow in 64 bits.
            length *= d;
            if (d < 1 || length > Array.MaxLength)
                throw new DataException($"'{ShownNames.Path(file)}' declares dimensions {string.Join(" x ", dims)}: each must be at least 1 " +
                                        $"and their product at most {Array.MaxLength} bytes");
        }
        return new IdxHeader(file, dims, header.Length, file.EndsWith(".gz", StringComparison.Ordinal));
    }

    /// <summary>Refuses images of more than <paramref name="maxPixels"/> pixels each: each one is copied whole per loader worker.</summary>
    public void RequireImagesWithin(long maxPixels)
    {
        if (ItemBytes > maxPixels)
            throw new DataException($"'{ShownNames.Path(File)}' declares images of {Dims[1]} x {Dims[2]} = {ItemBytes} pixels, more than the " +
                                    $"limit of {maxPixels} per image (MOBYNET.MAX_IMAGE_PIXELS)");
    }

    /// <summary>Refuses a gzipped file whose payload would inflate past <paramref name="maxBytes"/>, before inflating it.</summary>
    public void RequireInflatedWithin(long maxBytes)
    {
        if (Gzipped && PayloadBytes > maxBytes)
            throw new DataException($"'{ShownNames.Path(File)}' declares {string.Join(" x ", Dims)} = {PayloadBytes} bytes, more than the " +
                                    $"{maxBytes} bytes a gzipped IDX file may inflate to in memory; gunzip it (an " +
                                    "uncompressed file is read from disk as needed, whatever its size)");
    }
}
