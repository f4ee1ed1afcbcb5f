using System.Runtime.Intrinsics;
using SkiaSharp;
using Moby.Interop;
using Moby.IO;

namespace Moby.Data;

/// <summary>
/// Decodes JPEG, PNG, BMP and WebP files with SkiaSharp into 3-channel RGB, EXIF orientation applied.
/// Grayscale and CMYK sources come out as RGB; alpha is dropped without compositing, as PIL's convert("RGB") does.
/// The size a file declares is checked before decoding (<see cref="ImageDecodeOptions"/>).
/// </summary>
internal static class ImageDecoder
{
    public static DecodedImage DecodeFile(string path, ImageDecodeOptions? options = null) =>
        Decode(Open(path, options ?? ImageDecodeOptions.Default, stream =>
        {
            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }), path, options);

    /// <summary>
    /// The size <see cref="DecodeFile"/> would decode <paramref name="path"/> at (width x height, its EXIF orientation
    /// applied), from its header alone: the codec reads at most the first <see cref="ImageDecodeOptions.MetadataBytes"/>
    /// of the file, as far as the size (a PNG's IHDR, a JPEG's frame header after its metadata segments, a BMP's or
    /// WebP's header). Refused as <see cref="DecodeFile"/> refuses it: not a regular file, larger than an image within
    /// the limits can be, a header that cannot be read or declares more than <see cref="ImageDecodeOptions.MaxPixels"/>.
    /// </summary>
    public static (int Width, int Height) DeclaredSize(string path, ImageDecodeOptions? options = null)
    {
        options ??= ImageDecodeOptions.Default;
        return Open(path, options, stream =>
        {
            using var codec = SKCodec.Create(new PrefixStream(stream, ImageDecodeOptions.MetadataBytes), out var result)
                              ?? throw new ImageDecodeException(path, $"its header does not read as a JPEG, PNG, BMP or WebP image within its first " +
                                                                      $"{ImageDecodeOptions.MetadataBytes >> 20} MiB (decoder says {result})");
            var size = Declared(codec, options, path);
            return ExifOrientation.Size(size.Width, size.Height, (int)codec.EncodedOrigin);
        });
    }

    /// <summary>
    /// <paramref name="read"/> of the file, once it is known to be a regular file no larger than an image within the
    /// limits can be (any file can be named .png); a failure to read it is an <see cref="ImageDecodeException"/> naming it.
    /// </summary>
    static T Open<T>(string path, ImageDecodeOptions options, Func<FileStream, T> read)
    {
        FileKind.RequireRegular(path, reason => new ImageDecodeException(path, reason));
        try
        {
            using var stream = File.OpenRead(path);
            long length = stream.Length, limit = options.MaxFileBytes;
            if (length > limit)
                throw new ImageDecodeException(path, $"the file has {length:N0} bytes, more than an image within the pixel limit can need ({limit:N0})");
            return read(stream);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageDecodeException(path, ShownNames.IoMessage(e), e);
        }
    }

    public static DecodedImage Decode(byte[] encoded, string name, ImageDecodeOptions? options = null)
    {
        if (encoded.Length == 0)
            throw new ImageDecodeException(name, "the file is empty");
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data) ?? throw new ImageDecodeException(name, "not a recognised image format");
        options ??= ImageDecodeOptions.Default;
        var size = DecodeSize(codec, options, name);
        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        // (DecodeSize bounds the size: SKImageInfo.BytesSize is an int and would wrap for a crafted header.)
        using var rgba = DecodeScratch.Rent(4 * size.Width * size.Height);
        var result = DecodeInto(codec, info, rgba.Span);
        // A truncated file decodes partly (IncompleteInput); PIL refuses it too, so it counts as bad.
        if (result != SKCodecResult.Success)
            throw new ImageDecodeException(name, $"decoder says {result}");
        int factor = size == codec.Info.Size ? Reduction(codec, options) : 1;
        var image = factor > 1
            ? BlockAverage.Reduce(rgba.Span, info.Width, info.Height, factor)
            : DecodedImage.Create(DropAlpha(rgba.Span, info.Width * info.Height), info.Width, info.Height, 3);
        return ExifOrientation.Apply(image, (int)codec.EncodedOrigin);
    }

    /// <summary>
    /// The size to decode at: the declared size, refused when it is empty, above the pixel limit or beyond what one
    /// array holds; scaled down when the image is very large and the codec can (all sizes in 64 bits).
    /// </summary>
    static SKSizeI DecodeSize(SKCodec codec, ImageDecodeOptions options, string name)
    {
        Declared(codec, options, name);
        var size = Scaled(codec, options);
        long bytes = 4L * size.Width * size.Height;
        if (bytes > Array.MaxLength)
            throw new ImageDecodeException(name, $"{size.Width} x {size.Height} pixels need {bytes} bytes to decode, " +
                                                 $"more than one buffer holds ({Array.MaxLength})");
        return size;
    }

    /// <summary>The size the header declares, refused when it is empty or above the pixel limit.</summary>
    static SKSizeI Declared(SKCodec codec, ImageDecodeOptions options, string name)
    {
        int w = codec.Info.Width, h = codec.Info.Height;
        long pixels = (long)w * h;
        if (w <= 0 || h <= 0)
            throw new ImageDecodeException(name, $"its header declares {w} x {h} pixels");
        if (pixels > options.MaxPixels)
            throw new ImageDecodeException(name, $"its header declares {w} x {h} = {pixels} pixels, more than the limit of " +
                                                 $"{options.MaxPixels} (MOBYNET.MAX_IMAGE_PIXELS)");
        return codec.Info.Size;
    }

    /// <summary>
    /// For a codec that cannot decode scaled (all but JPEG), the block size to average down to: the largest that keeps
    /// the shorter side at least <see cref="ImageDecodeOptions.TargetMargin"/> times the target; 1 (none) for images up
    /// to <see cref="ImageDecodeOptions.ScaleAbovePixels"/> or when the target is not known.
    /// </summary>
    static int Reduction(SKCodec codec, ImageDecodeOptions options)
    {
        var full = codec.Info.Size;
        if (options.TargetSize <= 0 || (long)full.Width * full.Height <= options.ScaleAbovePixels)
            return 1;
        return (int)Math.Max(1, Math.Min(full.Width, full.Height) / ((long)ImageDecodeOptions.TargetMargin * options.TargetSize));
    }

    /// <summary>
    /// The smallest size the codec decodes to directly (JPEG: in eighths) that keeps the shorter side at least
    /// <see cref="ImageDecodeOptions.TargetMargin"/> times the target; the full size for images up to
    /// <see cref="ImageDecodeOptions.ScaleAbovePixels"/>, so that ordinary images decode exactly as always.
    /// </summary>
    static SKSizeI Scaled(SKCodec codec, ImageDecodeOptions options)
    {
        var full = codec.Info.Size;
        if (options.TargetSize <= 0 || (long)full.Width * full.Height <= options.ScaleAbovePixels)
            return full;
        long needed = (long)ImageDecodeOptions.TargetMargin * options.TargetSize;
        for (int eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Min(scaled.Width, scaled.Height) >= needed && scaled.Width <= full.Width && scaled.Height <= full.Height)
                return scaled;
        }
        return full;
    }

    static unsafe SKCodecResult DecodeInto(SKCodec codec, SKImageInfo info, Span<byte> rgba)
    {
        fixed (byte* p = rgba)
            return codec.GetPixels(info, (IntPtr)p);
    }

    static unsafe byte[] DropAlpha(ReadOnlySpan<byte> rgba, int pixels)
    {
        var rgb = GC.AllocateUninitializedArray<byte>(pixels * 3);
        // Four pixels per shuffle: 16 RGBA bytes to 12 RGB ones (the last 4 of each store are overwritten by the next).
        var keepRgb = Vector128.Create((byte)0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 0, 0, 0, 0);
        int i = 0;
        fixed (byte* src = rgba, dst = rgb)
        {
            if (Vector128.IsHardwareAccelerated)
                for (; i + 6 <= pixels; i += 4)
                    Vector128.Shuffle(Vector128.Load(src + 4 * i), keepRgb).Store(dst + 3 * i);
            for (; i < pixels; i++)
            {
                dst[3 * i] = src[4 * i];
                dst[3 * i + 1] = src[4 * i + 1];
                dst[3 * i + 2] = src[4 * i + 2];
            }
        }
        return rgb;
    }
}
