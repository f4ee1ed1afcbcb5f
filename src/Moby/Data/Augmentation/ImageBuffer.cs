namespace Moby.Data;

/// <summary>A reusable 8-bit HWC pixel buffer; it grows but never shrinks, so augmenting allocates nothing per image.</summary>
internal sealed class ImageBuffer
{
    byte[] data = [];

    public int Width { get; private set; }
    public int Height { get; private set; }
    public int Channels { get; private set; }
    public int Length => Width * Height * Channels;
    public Span<byte> Pixels => data.AsSpan(0, Length);

    public ImageBuffer Reset(int width, int height, int channels)
    {
        if (data.Length < width * height * channels)
            data = new byte[width * height * channels];
        (Width, Height, Channels) = (width, height, channels);
        return this;
    }

    public static ImageBuffer From(DecodedImage image)
    {
        var buffer = new ImageBuffer().Reset(image.Width, image.Height, image.Channels);
        image.Pixels.Span.CopyTo(buffer.Pixels);
        return buffer;
    }
}
