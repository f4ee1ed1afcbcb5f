using Moby.Interop;
namespace Moby.Data;

/// <summary>
/// The items of an IDX file after its header, read from a stream (a gzipped file inflates only sequentially) into
/// chunks of whole items of about 16 MiB, so that growing never copies what was read (no doubling buffer whose peak is
/// twice the size). A header that announces more than the file holds costs at most one chunk more than the file: an
/// item larger than a chunk grows as its data arrives.
/// </summary>
internal sealed class IdxPayload
{
    /// <summary>About this many bytes per chunk: large enough to read efficiently, small enough to waste little.</summary>
    const int ChunkBytes = 16 << 20;

    readonly List<byte[]> chunks = [];
    readonly int itemBytes, perChunk;

    IdxPayload(int itemBytes)
    {
        this.itemBytes = itemBytes;
        perChunk = Math.Max(1, ChunkBytes / itemBytes);
    }

    /// <summary>Item <paramref name="index"/>'s bytes.</summary>
    public ReadOnlyMemory<byte> Item(int index) =>
        chunks[index / perChunk].AsMemory(index % perChunk * itemBytes, itemBytes);

    /// <summary>Every item, for a small file (labels: one byte each).</summary>
    public byte[] ToArray() => chunks.SelectMany(c => c).ToArray();

    /// <summary>
    /// Exactly the payload that <paramref name="header"/> announces, then the end of the stream: a file that ends
    /// early or goes on past it is refused, naming it.
    /// </summary>
    public static IdxPayload Read(Stream stream, IdxHeader header)
    {
        var payload = new IdxPayload((int)header.ItemBytes);
        int items = header.Dims[0];
        for (int first = 0; first < items; first += payload.perChunk)
        {
            int length = Math.Min(payload.perChunk, items - first) * payload.itemBytes;
            payload.chunks.Add(Chunk(stream, length, filled => Mismatch(header, header.Length + (long)first * payload.itemBytes + filled)));
        }
        if (stream.ReadByte() >= 0)
            throw new DataException($"'{ShownNames.Path(header.File)}' holds more than the {header.Length + header.PayloadBytes} bytes its header announces: wrong file");
        return payload;
    }

    /// <summary>
    /// <paramref name="length"/> bytes of the stream. A chunk of one item larger than <see cref="ChunkBytes"/> starts at
    /// a megabyte and doubles as data arrives, so that a huge item announced by a small file is not allocated before it is there.
    /// </summary>
    static byte[] Chunk(Stream stream, int length, Func<int, DataException> shortBy)
    {
        var data = new byte[length <= ChunkBytes ? length : 1 << 20];
        int filled = 0;
        while (filled < length)
        {
            if (filled == data.Length)
                Array.Resize(ref data, (int)Math.Min(length, 2L * data.Length));
            int n = stream.Read(data, filled, data.Length - filled);
            if (n == 0)
                throw shortBy(filled);
            filled += n;
        }
        return data;
    }

    public static DataException Mismatch(IdxHeader header, long actual) =>
        new($"'{ShownNames.Path(header.File)}' has {actual} bytes but its header announces {header.Length + header.PayloadBytes}: truncated or wrong file");
}
