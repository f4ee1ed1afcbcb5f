using Moby.Data;
using SkiaSharp;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>
/// The size an image file declares, read from its header without decoding it (what segment train checks its validation
/// images by): the size it decodes at, a bounded part of the file read, and any damage one line naming the file.
/// </summary>
public class DeclaredSizeTests
{
    static readonly DecodedImage Source = ReferenceCase.Get("rgb48x40").Output();

    public static TheoryData<string> Encoded => ["png", "jpeg", "webp", "bmp", "exif6.jpg", "gray.jpg", "cmyk.jpg"];

    static string Write(TempDir dir, string kind) => kind switch
    {
        "png" => dir.File("a.png", ImageDecoderTests.Encode(Source, SKEncodedImageFormat.Png, 100)),
        "jpeg" => dir.File("a.jpg", ImageDecoderTests.Encode(Source, SKEncodedImageFormat.Jpeg, 90)),
        "webp" => dir.File("a.webp", ImageDecoderTests.Encode(Source, SKEncodedImageFormat.Webp, 90)),
        "bmp" => dir.File("a.bmp", ImageDecoderTests.Bmp(Source)),
        _ => Path.Combine(ReferenceCase.Dir, kind), // exif6.jpg is stored turned a quarter: its declared size is the turned one
    };

    [Theory]
    [MemberData(nameof(Encoded))]
    public void TheDeclaredSizeIsTheSizeTheFileDecodesAt(string kind)
    {
        using var dir = new TempDir();
        string file = Write(dir, kind);
        var image = ImageDecoder.DecodeFile(file);
        Assert.Equal((image.Width, image.Height), ImageDecoder.DeclaredSize(file));
    }

    [Fact]
    public void TheSizeComesFromTheHeaderAloneNotTheData()
    {
        using var dir = new TempDir();
        // 30000 x 30000 declared by a file of a hundred bytes, whose pixel data stops after a few rows: it does not decode.
        string file = dir.File("big.png", CraftedPng.Declaring(30000, 30000));
        var options = new ImageDecodeOptions { MaxPixels = 1_000_000_000 };
        Assert.Equal((30000, 30000), ImageDecoder.DeclaredSize(file, options));
        Assert.Throws<ImageDecodeException>(() => ImageDecoder.DecodeFile(file, options));
        // Above MOBYNET.MAX_IMAGE_PIXELS it is refused as decoding refuses it.
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DeclaredSize(file));
        Assert.Equal($"cannot decode image '{file}': its header declares 30000 x 30000 = 900000000 pixels, more than the limit of 89478485 (MOBYNET.MAX_IMAGE_PIXELS)", e.Message);
    }

    public static TheoryData<string, byte[]> Unreadable => new()
    {
        { "empty.png", [] },
        { "text.jpg", "not an image at all"u8.ToArray() },
        { "signature.png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A] },
        { "soi.jpg", [0xFF, 0xD8, 0xFF] },
        { "zero.png", CraftedPng.Declaring(0, 10) },
    };

    [Theory]
    [MemberData(nameof(Unreadable))]
    public void AHeaderThatCannotBeReadIsOneLineNamingTheFile(string name, byte[] bytes)
    {
        using var dir = new TempDir();
        string file = dir.File(name, bytes);
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DeclaredSize(file));
        Assert.StartsWith($"cannot decode image '{file}': ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void NotARegularFileIsRefusedUnread()
    {
        using var dir = new TempDir();
        Assert.Contains("a directory", Assert.Throws<ImageDecodeException>(() => ImageDecoder.DeclaredSize(dir.Path)).Message);
        Assert.StartsWith($"cannot decode image '{dir.File("missing.png")}': ", Assert.Throws<ImageDecodeException>(() => ImageDecoder.DeclaredSize(dir.File("missing.png"))).Message);
    }

    /// <summary>A JPEG's frame header comes after its metadata segments; they are read as far as the metadata an image may
    /// carry (16 MiB) and no further, however many a crafted file chains before it.</summary>
    [Fact]
    public void TheHeaderIsLookedForOnlyWithinTheFirstSixteenMiB()
    {
        using var dir = new TempDir();
        var jpeg = ImageDecoderTests.Encode(Source, SKEncodedImageFormat.Jpeg, 90);
        string within = dir.File("within.jpg", WithSegments(jpeg, 200)), beyond = dir.File("beyond.jpg", WithSegments(jpeg, 260));
        Assert.Equal((48, 40), ImageDecoder.DeclaredSize(within));
        Assert.Equal(48, ImageDecoder.DecodeFile(beyond).Width); // a valid file, whose size lies past the part read
        var e = Assert.Throws<ImageDecodeException>(() => ImageDecoder.DeclaredSize(beyond));
        Assert.StartsWith($"cannot decode image '{beyond}': its header does not read as a JPEG, PNG, BMP or WebP image within its first 16 MiB", e.Message);
    }

    /// <summary><paramref name="jpeg"/> with <paramref name="count"/> empty APP15 segments of 64 KiB after its start marker.</summary>
    static byte[] WithSegments(byte[] jpeg, int count)
    {
        using var file = new MemoryStream();
        file.Write(jpeg, 0, 2);
        var segment = new byte[4 + 65533];
        (segment[0], segment[1], segment[2], segment[3]) = (0xFF, 0xEF, 0xFF, 0xFF); // APP15, length 65535 (with its own two bytes)
        for (int i = 0; i < count; i++) file.Write(segment);
        file.Write(jpeg, 2, jpeg.Length - 2);
        return file.ToArray();
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 11)]
    [InlineData(SKEncodedImageFormat.Jpeg, 12)]
    [InlineData(SKEncodedImageFormat.Webp, 13)]
    [InlineData(null, 14)] // BMP
    public void DamagedHeadersGiveASizeWithinTheLimitOrOurError(SKEncodedImageFormat? format, int seed)
    {
        using var dir = new TempDir();
        var options = new ImageDecodeOptions { MaxPixels = 1 << 20 };
        var valid = format is { } f ? ImageDecoderTests.Encode(Source, f, 90) : ImageDecoderTests.Bmp(Source);
        int n = 0;
        foreach (var bytes in Mutants.Of(valid, seed, 100, Mutants.First(64)))
        {
            string file = dir.File($"case{n}.img", bytes);
            Mutants.EndsWellOrIn<ImageDecodeException>(n++, file, () =>
            {
                var (width, height) = ImageDecoder.DeclaredSize(file, options);
                Assert.True(width > 0 && height > 0 && (long)width * height <= options.MaxPixels);
            });
        }
    }
}
