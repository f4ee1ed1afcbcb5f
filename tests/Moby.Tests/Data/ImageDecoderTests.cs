using Moby.Data;
using SkiaSharp;
using Xunit;

namespace Moby.Tests.Data;

public class ImageDecoderTests
{
    // JPEG decoders may differ by a level or two (IDCT and upsampling choices); layout errors would be far larger.
    const int JpegTolerance = 3;

    [Theory]
    [InlineData("exif6.jpg", "exif6_decoded")]
    [InlineData("gray.jpg", "gray_decoded")]
    public void DecodesLikePilWithExifOrientationAndGrayToRgb(string file, string expected)
    {
        var image = ImageDecoder.DecodeFile(Path.Combine(ReferenceCase.Dir, file));
        int max = Pixels.MaxDifference(ReferenceCase.Get(expected).Output(), ImageBuffer.From(image));
        Assert.True(max <= JpegTolerance, $"{file}: largest difference {max}");
    }

    [Fact]
    public void CmykJpegBecomesRgbOfTheRightSize()
    {
        var image = ImageDecoder.DecodeFile(Path.Combine(ReferenceCase.Dir, "cmyk.jpg"));
        Assert.Equal((48, 40, 3), (image.Width, image.Height, image.Channels));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void DecodesEncodedFormats(SKEncodedImageFormat format)
    {
        var source = ReferenceCase.Get("rgb48x40").Output();
        var decoded = ImageBuffer.From(ImageDecoder.Decode(Encode(source, format, 100), format.ToString()));
        if (format == SKEncodedImageFormat.Png)
            Assert.Equal(0, Pixels.MaxDifference(source, decoded));
        // WebP may be lossy: its mean error stays small. (JPEG is checked against PIL's decoding above.)
        double mean = source.Pixels.ToArray().Zip(decoded.Pixels.ToArray(), (a, b) => Math.Abs(a - b)).Average();
        Assert.True(mean < 4, $"{format}: mean difference {mean:F2}");
    }

    [Theory]
    [InlineData(37, 23)]
    [InlineData(5, 1)]
    [InlineData(1, 1)]
    public void PngOfAnySizeDecodesToItsExactPixels(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        new Random(width).NextBytes(pixels);
        var source = DecodedImage.Create(pixels, width, height, 3);
        var decoded = ImageDecoder.Decode(Encode(source, SKEncodedImageFormat.Png, 100), "png");
        Assert.Equal(pixels, decoded.Pixels.ToArray());
    }

    [Fact]
    public void DecodesBmp()
    {
        var source = ReferenceCase.Get("rgb48x40").Output();
        Assert.Equal(0, Pixels.MaxDifference(source, ImageBuffer.From(ImageDecoder.Decode(Bmp(source), "bmp"))));
    }

    [Fact]
    public void RejectsEmptyTruncatedAndNonImageFiles()
    {
        var jpeg = Encode(ReferenceCase.Get("rgb48x40").Output(), SKEncodedImageFormat.Jpeg, 90);
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode([], "empty"));
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode("not an image"u8.ToArray(), "text"));
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(jpeg[..(jpeg.Length / 2)], "half.jpg"));
        Assert.Contains("half.jpg", e.Message);
    }

    [Theory]
    [InlineData(2)] [InlineData(3)] [InlineData(4)] [InlineData(5)] [InlineData(6)] [InlineData(7)] [InlineData(8)]
    public void OrientationsAreInvertibleAndSwapSidesFrom5On(int orientation)
    {
        var image = DecodedImage.Create(Enumerable.Range(0, 6).Select(i => (byte)i).ToArray(), 3, 2, 1);
        var turned = ExifOrientation.Apply(image, orientation);
        Assert.Equal(orientation >= 5 ? (2, 3) : (3, 2), (turned.Width, turned.Height));
        // 6 and 8 undo each other; every other orientation is its own inverse.
        var back = ExifOrientation.Apply(turned, orientation switch { 6 => 8, 8 => 6, _ => orientation });
        Assert.Equal(image.Pixels.ToArray(), back.Pixels.ToArray());
    }

    [Fact]
    public void Orientation6TurnsClockwise()
    {
        // Stored 2x1 [a b] displayed rotated 90 CW: a column with a on top.
        var turned = ExifOrientation.Apply(DecodedImage.Create([1, 2], 2, 1, 1), 6);
        Assert.Equal((1, 2), (turned.Width, turned.Height));
        Assert.Equal(new byte[] { 1, 2 }, turned.Pixels.ToArray());
    }

    /// <summary>A 24-bit BMP (Skia 2.88 does not encode BMP): bottom-up BGR rows padded to 4 bytes.</summary>
    internal static byte[] Bmp(DecodedImage rgb)
    {
        int rowBytes = (rgb.Width * 3 + 3) & ~3, size = 54 + rowBytes * rgb.Height;
        var bmp = new byte[size];
        var w = new BinaryWriter(new MemoryStream(bmp));
        w.Write((byte)'B'); w.Write((byte)'M'); w.Write(size); w.Write(0); w.Write(54);
        w.Write(40); w.Write(rgb.Width); w.Write(rgb.Height); w.Write((short)1); w.Write((short)24);
        var src = rgb.Pixels.Span;
        for (int y = 0; y < rgb.Height; y++)
            for (int x = 0; x < rgb.Width; x++)
            {
                int from = ((rgb.Height - 1 - y) * rgb.Width + x) * 3, to = 54 + y * rowBytes + x * 3;
                (bmp[to], bmp[to + 1], bmp[to + 2]) = (src[from + 2], src[from + 1], src[from]);
            }
        return bmp;
    }

    internal static byte[] Encode(DecodedImage rgb, SKEncodedImageFormat format, int quality)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(rgb.Width, rgb.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var src = rgb.Pixels.Span;
        for (int y = 0; y < rgb.Height; y++)
            for (int x = 0; x < rgb.Width; x++)
            {
                int i = (y * rgb.Width + x) * 3;
                bitmap.SetPixel(x, y, new SKColor(src[i], src[i + 1], src[i + 2]));
            }
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }
}
