using System.Runtime.Intrinsics;

namespace Moby.Data;

/// <summary>A per-pixel colour map with an eight-pixel form that gives the same bytes as the one-pixel form.</summary>
internal interface IRgbMap
{
    (Vector256<int> R, Vector256<int> G, Vector256<int> B) Map(Vector256<int> r, Vector256<int> g, Vector256<int> b);

    (byte R, byte G, byte B) Map(byte r, byte g, byte b);
}

/// <summary>Eight interleaved 8-bit RGB pixels as three lanes of ints, and back: what the vectorised colour operations work on.</summary>
internal static class RgbLanes
{
    public const int Pixels = 8;

    /// <summary>Applies <paramref name="map"/> to interleaved RGB pixels in place: eight at a time where 256-bit vectors
    /// run in hardware, the rest one at a time. A struct map is specialised by the JIT, so no call is indirect.</summary>
    public static unsafe void Apply<TMap>(Span<byte> rgb, TMap map) where TMap : struct, IRgbMap
    {
        int pixels = rgb.Length / 3, done = 0;
        fixed (byte* start = rgb)
        {
            if (Vector256.IsHardwareAccelerated)
                for (; done + Pixels <= pixels; done += Pixels)
                {
                    byte* p = start + 3 * done;
                    var (r, g, b) = Load(p);
                    var (r2, g2, b2) = map.Map(r, g, b);
                    Store(p, r2, g2, b2);
                }
            for (byte* p = start + 3 * done, end = start + 3 * pixels; p < end; p += 3)
                (p[0], p[1], p[2]) = map.Map(p[0], p[1], p[2]);
        }
    }

    static unsafe (Vector256<int> R, Vector256<int> G, Vector256<int> B) Load(byte* p) =>
        (Vector256.Create(p[0], p[3], p[6], p[9], p[12], p[15], p[18], (int)p[21]),
         Vector256.Create(p[1], p[4], p[7], p[10], p[13], p[16], p[19], (int)p[22]),
         Vector256.Create(p[2], p[5], p[8], p[11], p[14], p[17], p[20], (int)p[23]));

    /// <summary>Stores lanes that hold values in [0, 255].</summary>
    static unsafe void Store(byte* p, Vector256<int> r, Vector256<int> g, Vector256<int> b)
    {
        int* lanes = stackalloc int[3 * Pixels];
        r.Store(lanes);
        g.Store(lanes + Pixels);
        b.Store(lanes + 2 * Pixels);
        for (int k = 0; k < Pixels; k++)
            (p[3 * k], p[3 * k + 1], p[3 * k + 2]) = ((byte)lanes[k], (byte)lanes[k + Pixels], (byte)lanes[k + 2 * Pixels]);
    }
}
