using SkiaSharp;

namespace Moby.Data;

/// <summary>
/// Decodes JPEG, PNG, BMP and WebP files with SkiaSharp into 3-channel RGB, EXIF orientation applied.
/// Grayscale and CMYK sources come out as RGB; alpha is dropped without compositing, as PIL's convert("RGB") does.
/// </summary>
public static class ImageDecoder
{
    public static DecodedImage DecodeFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageDecodeException(path, e.Message, e);
        }
        return Decode(bytes, path);
    }

    public static DecodedImage Decode(byte[] encoded, string name)
    {
        if (encoded.Length == 0)
            throw new ImageDecodeException(name, "the file is empty");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new ImageDecodeException(name, "not a recognised image format");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        var result = DecodeInto(codec, info, rgba);
        // A truncated file decodes partly (IncompleteInput); PIL refuses it too, so it counts as bad.
        if (result != SKCodecResult.Success)
            throw new ImageDecodeException(name, $"decoder says {result}");
        var rgb = DropAlpha(rgba, info.Width * info.Height);
        return ExifOrientation.Apply(DecodedImage.Create(rgb, info.Width, info.Height, 3), (int)codec.EncodedOrigin);
    }

    static unsafe SKCodecResult DecodeInto(SKCodec codec, SKImageInfo info, byte[] rgba)
    {
        fixed (byte* p = rgba)
            return codec.GetPixels(info, (IntPtr)p);
    }

    static byte[] DropAlpha(ReadOnlySpan<byte> rgba, int pixels)
    {
        var rgb = new byte[pixels * 3];
        for (int i = 0, j = 0; i < rgb.Length; i += 3, j += 4)
        {
            rgb[i] = rgba[j];
            rgb[i + 1] = rgba[j + 1];
            rgb[i + 2] = rgba[j + 2];
        }
        return rgb;
    }
}
