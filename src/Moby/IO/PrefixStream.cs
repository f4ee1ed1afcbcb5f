namespace Moby.IO;

/// <summary>
/// The first <c>limit</c> bytes of a seekable stream, read-only: what a reader that wants only a file's header (an image
/// codec reading its size) can read of it, however long the file or however far a crafted header sends it. Past the
/// prefix it ends. The inner stream stays open: its owner disposes it.
/// </summary>
internal sealed class PrefixStream(Stream inner, long limit) : Stream
{
    private readonly long length = Math.Min(limit, inner.Length);

    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => false;
    public override long Length => length;

    public override long Position
    {
        get => inner.Position;
        set => inner.Position = Math.Clamp(value, 0, length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long left = length - inner.Position;
        return left <= 0 ? 0 : inner.Read(buffer[..(int)Math.Min(buffer.Length, left)]);
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => length + offset,
    };

    public override void Flush() { }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
