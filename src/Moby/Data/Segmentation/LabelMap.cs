namespace Moby.Data.Segmentation;

/// <summary>
/// One class index per pixel, row-major. <see cref="Ignore"/> marks pixels that are neither trained on nor scored
/// (mmseg's ignore_index), which also fills the padding of a crop smaller than the network input.
/// </summary>
internal sealed record LabelMap(byte[] Labels, int Width, int Height)
{
    public const byte Ignore = 255;

    public static LabelMap Filled(int width, int height, byte value)
    {
        var labels = new byte[width * height];
        Array.Fill(labels, value);
        return new LabelMap(labels, width, height);
    }

    public byte this[int x, int y] => Labels[y * Width + x];

    /// <summary>Mirrors the map left to right in place (with its image's flip).</summary>
    public void FlipHorizontal()
    {
        for (int y = 0; y < Height; y++) Labels.AsSpan(y * Width, Width).Reverse();
    }
}
