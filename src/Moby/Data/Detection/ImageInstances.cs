namespace Moby.Data.Detection;

/// <summary>
/// The training targets of one image at some size (<see cref="Width"/> x <see cref="Height"/>): per instance a box
/// x1, y1, x2, y2 (float32, pixels), a 0-based label, and a binary mask (row-major, <see cref="Masks"/> holds the N
/// masks one after the other). Crowd regions and degenerate boxes are not among them.
/// </summary>
internal sealed record ImageInstances(float[] Boxes, long[] Labels, byte[] Masks, int Width, int Height)
{
    public int Count => Labels.Length;

    public Span<byte> Mask(int i) => Masks.AsSpan(i * Width * Height, Width * Height);
}
