using Moby.Data;
using SkiaSharp;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>
/// A large image for a small model is reduced by averaging blocks when its codec cannot scale (PNG, BMP): what it
/// keeps is bounded by the reduced size, not the declared one. The full-size scratch of any large decode is native
/// memory freed at once, so the managed heap sees the RGB image alone.
/// </summary>
public class ReducedDecodingTests
{
    static readonly ImageDecodeOptions Large = new() { TargetSize = 4, ScaleAbovePixels = 1000 };

    [Theory]
    [InlineData("png")]
    [InlineData("bmp")]
    public void LargePngAndBmpAverageBlocksKeepingFourTimesTheTargetSize(string format)
    {
        var source = Random(64, 50, seed: 5);
        var file = format == "png" ? ImageDecoderTests.Encode(source, SKEncodedImageFormat.Png, 100) : ImageDecoderTests.Bmp(source);
        var reduced = ImageDecoder.Decode(file, "large." + format, Large);
        // The shorter side 50 keeps at least 4 x 4 = 16 pixels with blocks of 3: 22 x 17, the last column and row partial.
        Assert.Equal((22, 17, 3), (reduced.Width, reduced.Height, reduced.Channels));
        Assert.Equal(BlockMeans(source, 3), reduced.Pixels.ToArray());
    }

    [Fact]
    public void AHugePngForASmallModelKeepsItsReducedSizeNotItsDeclaredOne()
    {
        // 6000 x 6000 (36 megapixels) in a 40 kB file; a whole decode allocated 4 + 3 bytes a pixel, 252 MB, for the GC.
        var png = CraftedPng.Gray(6000, 6000, y => (byte)(y / 24));
        var options = ImageDecodeOptions.Default with { TargetSize = 32 };
        long before = GC.GetAllocatedBytesForCurrentThread();
        var image = ImageDecoder.Decode(png, "huge.png", options);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 8 << 20, $"{allocated} bytes allocated");
        // Blocks of 6000 / (4 x 32) = 46 pixels: 131 x 131, each row of blocks the mean of its rows' shades.
        Assert.Equal((131, 131), (image.Width, image.Height));
        Assert.Equal((byte)(Enumerable.Range(46, 46).Average(y => y / 24) + 0.5), image.Pixels.Span[3 * 131]);
    }

    [Fact]
    public void AFullSizeDecodeLeavesTheGcItsRgbPixelsAlone()
    {
        // Above the pooled size (2048 x 2048), with no target size (segmentation, detection): decoded whole.
        var png = CraftedPng.Gray(3000, 3000, y => (byte)y);
        long before = GC.GetAllocatedBytesForCurrentThread();
        var image = ImageDecoder.Decode(png, "photo.png");
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 3.5 * 3000 * 3000, $"{allocated} bytes allocated for 9 megapixels");
        Assert.Equal(3 * 3000 * 3000, image.Pixels.Length);
        Assert.Equal(new byte[] { 7, 7, 7, 7, 7, 7 }, image.Pixels.Slice(3 * 3000 * 7, 6).ToArray());
        Assert.Equal((byte)(2999 % 256), image.Pixels.Span[^1]);
    }

    [Fact]
    public void ATruncatedLargePngIsRefusedNamingIt()
    {
        var png = ImageDecoderTests.Encode(Random(64, 50, seed: 6), SKEncodedImageFormat.Png, 100);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png[..(png.Length / 2)], "cut.png", Large));
        Assert.Contains("cut.png", e.Message);
    }

    [Fact]
    public void ALargeWebpIsScaledByItsCodecLikeJpeg()
    {
        // 3/8: the smallest eighth that keeps the shorter side 50 at 16 pixels or more.
        var image = ImageDecoder.Decode(ImageDecoderTests.Encode(Random(64, 50, seed: 7), SKEncodedImageFormat.Webp, 100), "large.webp", Large);
        Assert.Equal((24, 19, 3), (image.Width, image.Height, image.Channels));
    }

    static DecodedImage Random(int width, int height, int seed)
    {
        var pixels = new byte[width * height * 3];
        new Random(seed).NextBytes(pixels);
        return DecodedImage.Create(pixels, width, height, 3);
    }

    /// <summary>The mean of each block of factor x factor pixels (fewer at the edges), rounded half up.</summary>
    static byte[] BlockMeans(DecodedImage image, int factor)
    {
        int w = (image.Width + factor - 1) / factor, h = (image.Height + factor - 1) / factor;
        var src = image.Pixels.Span;
        var means = new byte[w * h * 3];
        for (int by = 0; by < h; by++)
            for (int bx = 0; bx < w; bx++)
                for (int c = 0; c < 3; c++)
                {
                    int sum = 0, count = 0;
                    for (int y = by * factor; y < Math.Min(image.Height, (by + 1) * factor); y++)
                        for (int x = bx * factor; x < Math.Min(image.Width, (bx + 1) * factor); x++, count++)
                            sum += src[(y * image.Width + x) * 3 + c];
                    means[(by * w + bx) * 3 + c] = (byte)((sum + count / 2) / count);
                }
        return means;
    }
}
