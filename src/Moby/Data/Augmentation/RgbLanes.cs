using System.Runtime.Intrinsics;

namespace Moby.Data;

/// <summary>Eight interleaved 8-bit RGB pixels as three lanes of ints, and back: what the vectorised colour operations work on.</summary>
internal static class RgbLanes
{
    public const int Pixels = 8;

    public static unsafe (Vector256<int> R, Vector256<int> G, Vector256<int> B) Load(byte* p) =>
        (Vector256.Create(p[0], p[3], p[6], p[9], p[12], p[15], p[18], (int)p[21]),
         Vector256.Create(p[1], p[4], p[7], p[10], p[13], p[16], p[19], (int)p[22]),
         Vector256.Create(p[2], p[5], p[8], p[11], p[14], p[17], p[20], (int)p[23]));

    /// <summary>Stores lanes that hold values in [0, 255].</summary>
    public static unsafe void Store(byte* p, Vector256<int> r, Vector256<int> g, Vector256<int> b)
    {
        int* lanes = stackalloc int[3 * Pixels];
        r.Store(lanes);
        g.Store(lanes + Pixels);
        b.Store(lanes + 2 * Pixels);
        for (int k = 0; k < Pixels; k++)
            (p[3 * k], p[3 * k + 1], p[3 * k + 2]) = ((byte)lanes[k], (byte)lanes[k + Pixels], (byte)lanes[k + 2 * Pixels]);
    }
}
