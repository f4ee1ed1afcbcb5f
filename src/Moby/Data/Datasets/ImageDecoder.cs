using System.Buffers;
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
        // The 4-byte pixels are scratch: pooled, as large arrays are costly to allocate and clear per image.
        var rgba = ArrayPool<byte>.Shared.Rent(info.BytesSize);
        try
        {
            var result = DecodeInto(codec, info, rgba);
            // A truncated file decodes partly (IncompleteInput); PIL refuses it too, so it counts as bad.
            if (result != SKCodecResult.Success)
                throw new ImageDecodeException(name, $"decoder says {result}");
            var rgb = DropAlpha(rgba, info.Width * info.Height);
            return ExifOrientation.Apply(DecodedImage.Create(rgb, info.Width, info.Height, 3), (int)codec.EncodedOrigin);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rgba);
        }
    }

    static unsafe SKCodecResult DecodeInto(SKCodec codec, SKImageInfo info, byte[] rgba)
    {
        fixed (byte* p = rgba)
            return codec.GetPixels(info, (IntPtr)p);
    }

    static unsafe byte[] DropAlpha(byte[] rgba, int pixels)
    {
        var rgb = GC.AllocateUninitializedArray<byte>(pixels * 3);
        fixed (byte* src = rgba, dst = rgb)
        {
            for (int i = 0; i < pixels; i++)
            {
                dst[3 * i] = src[4 * i];
                dst[3 * i + 1] = src[4 * i + 1];
                dst[3 * i + 2] = src[4 * i + 2];
            }
        }
        return rgb;
    }
}
