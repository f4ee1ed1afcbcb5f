using System.Runtime.Intrinsics;

namespace Moby.Data;

/// <summary>
/// PIL's convert("L") (ITU-R 601-2 luma, L = R*299/1000 + G*587/1000 + B*114/1000, in Pillow's 16-bit fixed point
/// with rounding), written back to all three channels as torchvision's RandomGrayscale does for RGB input.
/// One-channel images are already gray: no-op.
/// </summary>
internal static class Grayscale
{
    public static byte Luma(int r, int g, int b) => (byte)((r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16);

    /// <summary><see cref="Luma(int, int, int)"/> of eight pixels.</summary>
    public static Vector256<int> Luma(Vector256<int> r, Vector256<int> g, Vector256<int> b) =>
        Vector256.ShiftRightArithmetic(r * 19595 + g * 38470 + b * 7471 + Vector256.Create(0x8000), 16);

    public static void Apply(ImageBuffer image)
    {
        if (image.Channels != 3)
            return;
        var p = image.Pixels;
        for (int i = 0; i < p.Length; i += 3)
            p[i] = p[i + 1] = p[i + 2] = Luma(p[i], p[i + 1], p[i + 2]);
    }
}
