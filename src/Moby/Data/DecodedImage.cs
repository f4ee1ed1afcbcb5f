namespace Moby.Data;

/// <summary>8-bit pixels in row-major, channel-interleaved (HWC) order; 1 or 3 channels.</summary>
internal readonly record struct DecodedImage(ReadOnlyMemory<byte> Pixels, int Width, int Height, int Channels)
{
    public static DecodedImage Create(byte[] pixels, int width, int height, int channels)
    {
        if (pixels.Length != width * height * channels)
            throw new ArgumentException($"{pixels.Length} bytes for {width}x{height}x{channels}", nameof(pixels));
        return new DecodedImage(pixels, width, height, channels);
    }
}
