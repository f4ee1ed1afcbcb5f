using System.Buffers;
using System.Runtime.InteropServices;

namespace Moby.Data;

/// <summary>
/// The 4-byte-a-pixel buffer one image decodes into before it becomes RGB. Up to <see cref="PooledBytes"/> it comes from
/// the shared pool (large arrays are costly to allocate and clear per image; the pool keeps what it is given for the
/// rest of the process, so only small ones). Above it, from native memory, freed the moment the decode ends rather than
/// whenever the GC next collects (loaders decoding 88-megapixel photos held gigabytes of dead buffers), and the native
/// buffers of all threads together stay within <see cref="Capacity"/>: a decode that would pass it waits for others to
/// end (one larger than the capacity runs alone).
/// </summary>
internal sealed unsafe class DecodeScratch : IDisposable
{
    /// <summary>The largest scratch that goes back to the shared pool: a 2048 x 2048 image's.</summary>
    public const int PooledBytes = 4 * 2048 * 2048;

    /// <summary>Native scratch in use across threads at most (a single larger one alone): 512 MiB, 134 megapixels.</summary>
    public const long Capacity = 512L << 20;

    static readonly object Gate = new();
    static long inUse;

    readonly byte[]? pooled;
    readonly byte* native;
    int disposed;

    DecodeScratch(int bytes)
    {
        Length = bytes;
        if (bytes <= PooledBytes)
        {
            pooled = ArrayPool<byte>.Shared.Rent(bytes);
            return;
        }
        lock (Gate)
        {
            while (inUse > 0 && inUse + bytes > Capacity)
                Monitor.Wait(Gate);
            inUse += bytes;
        }
        try
        {
            native = (byte*)NativeMemory.Alloc((nuint)bytes);
        }
        catch
        {
            Release(bytes);
            throw;
        }
    }

    public int Length { get; }

    public Span<byte> Span => pooled is null ? new Span<byte>(native, Length) : pooled.AsSpan(0, Length);

    /// <summary>A buffer of <paramref name="bytes"/> (at most <see cref="Array.MaxLength"/>, which the caller checked).</summary>
    public static DecodeScratch Rent(int bytes) => new(bytes);

    /// <summary>Gives the buffer back, once: a second call would free native memory twice and lower the count of what is in use.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0) return;
        if (pooled is not null)
            ArrayPool<byte>.Shared.Return(pooled);
        else if (native is not null)
        {
            NativeMemory.Free(native);
            Release(Length);
        }
    }

    static void Release(long bytes)
    {
        lock (Gate)
        {
            inUse -= bytes;
            Monitor.PulseAll(Gate);
        }
    }
}
