using Moby.Config;
using Moby.Data;
using Moby.Runs;
using Moby.Training;
using SkiaSharp;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>The size an image file declares is checked before anything is allocated for it.</summary>
public class ImageSizeLimitTests
{
    static readonly SslAugmentationOptions Small = TrainingData.Augmentation(ConfigTree.Defaults(), 8);

    static byte[] RealPng() => ImageDecoderTests.Encode(ReferenceCase.Get("rgb48x40").Output(), SKEncodedImageFormat.Png, 100);

    [Theory]
    [InlineData(30000, 30000)]   // 900 megapixels: 4 bytes each wrapped a 32-bit size to a negative one
    [InlineData(65536, 16385)]   // 4 x width x height wrapped to one row: the decoder wrote past the buffer
    [InlineData(100000, 100000)]
    [InlineData(9459, 9460)]     // one pixel above Pillow's limit
    public void HeaderAboveThePixelLimitIsRefusedNamingTheFileAndTheKey(int width, int height)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(CraftedPng.Declaring(width, height), "big.png"));
        Assert.Contains("big.png", e.Message);
        Assert.Contains($"{width} x {height}", e.Message);
        Assert.Contains("MOBYNET.MAX_IMAGE_PIXELS", e.Message);
    }

    [Fact]
    public void RaisedLimitStillRefusesWhatNoBufferHolds()
    {
        var unlimited = new ImageDecodeOptions { MaxPixels = long.MaxValue };
        var e = Assert.Throws<ImageDecodeException>(() =>
            ImageDecoder.Decode(CraftedPng.Declaring(65536, 16385), "wrap.png", unlimited));
        Assert.Contains("wrap.png", e.Message);
        Assert.Contains("4295229440 bytes", e.Message);
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(10, 0)]
    [InlineData(-1, 10)]
    [InlineData(2000, 2000)] // within the limit, but the pixel data stops after a few rows
    public void EmptyNegativeOrTruncatedDeclaredSizesAreRefused(int width, int height)
    {
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(CraftedPng.Declaring(width, height), "odd.png"));
        Assert.Contains("odd.png", e.Message);
    }

    [Fact]
    public void TheLimitIsInclusiveAndConfigurable()
    {
        var png = RealPng(); // 48 x 40 = 1920 pixels
        Assert.Equal(48, ImageDecoder.Decode(png, "a.png", new ImageDecodeOptions { MaxPixels = 1920 }).Width);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.Decode(png, "a.png", new ImageDecodeOptions { MaxPixels = 1919 }));
        Assert.Contains("48 x 40 = 1920 pixels, more than the limit of 1919", e.Message);
    }

    [Fact]
    public void LargeJpegIsDecodedScaledDownKeepingFourTimesTheTargetSize()
    {
        var jpeg = ImageDecoderTests.Encode(Gradient(64, 48), SKEncodedImageFormat.Jpeg, 95);
        var large = new ImageDecodeOptions { TargetSize = 4, ScaleAbovePixels = 1000 };
        var scaled = ImageDecoder.Decode(jpeg, "large.jpg", large);
        // 3/8 is the smallest eighth that keeps the shorter side at 4 x 4 = 16 or more (2/8 would give 12).
        Assert.Equal((24, 18), (scaled.Width, scaled.Height));
        var full = ImageDecoder.Decode(jpeg, "large.jpg");
        Assert.Equal((64, 48), (full.Width, full.Height));
        // The same picture: the red channel still rises from left to right.
        var row = scaled.Pixels.Span;
        Assert.True(row[3 * 23] > row[0] + 100, $"red {row[0]} -> {row[3 * 23]}");
    }

    [Theory]
    [InlineData(0, 1000L)]                                         // target size unknown
    [InlineData(4, ImageDecodeOptions.DefaultScaleAbovePixels)]    // an ordinary image
    public void OtherwiseImagesDecodeExactlyAsWithoutOptions(int target, long scaleAbove)
    {
        var jpeg = ImageDecoderTests.Encode(Gradient(64, 48), SKEncodedImageFormat.Jpeg, 95);
        var options = new ImageDecodeOptions { TargetSize = target, ScaleAbovePixels = scaleAbove };
        Assert.Equal(ImageDecoder.Decode(jpeg, "a.jpg").Pixels.ToArray(), ImageDecoder.Decode(jpeg, "a.jpg", options).Pixels.ToArray());
    }

    [Fact]
    public void LoaderSkipsAnOversizedFileWithAWarningNamingIt()
    {
        using var dir = FolderWithOneOversizedImage();
        var warnings = new List<string>();
        var loader = Loader(DataSource.Parse($"folder:{dir.Path}"), new LoaderOptions { BatchSize = 4, Workers = 1, Warn = warnings.Add });
        foreach (var batch in loader.Epoch(0))
            batch.Dispose();
        Assert.Equal(1, loader.BadImages.Count);
        var warning = Assert.Single(warnings);
        Assert.Contains("huge.png", warning);
        Assert.Contains("MOBYNET.MAX_IMAGE_PIXELS", warning);
    }

    [Fact]
    public void StrictLoaderStopsAtAnOversizedFileNamingIt()
    {
        using var dir = FolderWithOneOversizedImage();
        var loader = Loader(DataSource.Parse($"folder:{dir.Path}"), new LoaderOptions { BatchSize = 4, Workers = 1, Strict = true });
        var e = Assert.Throws<ImageDecodeException>(() => loader.Epoch(0).ToList().ForEach(b => b.Dispose()));
        Assert.Contains("huge.png", e.Message);
    }

    [Fact]
    public void TheConfiguredLimitReachesTheDecoder()
    {
        using var dir = new TempDir();
        dir.File("a.png", RealPng());
        var tree = ConfigTree.Load(null, [$"MOBYNET.DATA=folder:{dir.Path}", "MOBYNET.MAX_IMAGE_PIXELS=1000"]);
        using var data = TrainingData.Source(tree, 8).Open(DataSplit.Unlabeled);
        var e = Assert.Throws<ImageDecodeException>(() => data.Load(0));
        Assert.Contains("more than the limit of 1000", e.Message);
        Assert.Equal(ImageDecodeOptions.DefaultMaxPixels, TrainingData.Decoding(ConfigTree.Defaults(), 8).MaxPixels);
        var zero = Assert.Throws<ConfigException>(() => ConfigTree.Load(null, ["MOBYNET.MAX_IMAGE_PIXELS=0"]));
        Assert.Contains("MOBYNET.MAX_IMAGE_PIXELS", zero.Message);
    }

    static TempDir FolderWithOneOversizedImage()
    {
        var dir = new TempDir();
        for (int i = 0; i < 4; i++)
            dir.File($"ok{i}.png", RealPng());
        dir.File("huge.png", CraftedPng.Declaring(65536, 16385));
        return dir;
    }

    static BatchLoader Loader(DataSource source, LoaderOptions options)
    {
        var data = source.Open(DataSplit.Unlabeled);
        return new BatchLoader(data, new TwoViewTransform(Small, data.Stats), options);
    }

    /// <summary>Red rising left to right, green top to bottom: smooth, so JPEG keeps it at any scale.</summary>
    static DecodedImage Gradient(int width, int height)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                (pixels[(y * width + x) * 3], pixels[(y * width + x) * 3 + 1]) = ((byte)(x * 255 / (width - 1)), (byte)(y * 255 / (height - 1)));
        return DecodedImage.Create(pixels, width, height, 3);
    }
}
