using Moby.Data;
using SkiaSharp;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>Mutated and truncated PNG, JPEG, WebP and BMP files decode correctly or end in one <see cref="ImageDecodeException"/>.</summary>
public class ImageDecoderFuzzTests
{
    // Mutated headers may declare any size; a lower limit keeps each case's allocation small.
    static readonly ImageDecodeOptions Options = new() { MaxPixels = 1 << 20 };

    [Theory]
    [InlineData(SKEncodedImageFormat.Png, 1)]
    [InlineData(SKEncodedImageFormat.Jpeg, 2)]
    [InlineData(SKEncodedImageFormat.Webp, 3)]
    [InlineData(null, 4)] // BMP, which Skia does not encode
    public void DamagedFilesDecodeOrEndInOurError(SKEncodedImageFormat? format, int seed)
    {
        var source = ReferenceCase.Get("rgb48x40").Output();
        var valid = format is { } f ? ImageDecoderTests.Encode(source, f, 90) : ImageDecoderTests.Bmp(source);
        int n = 0, decoded = 0;
        foreach (var bytes in Mutants.Of(valid, seed, 400, Mutants.First(64)))
        {
            string name = $"case{n}.{format?.ToString() ?? "Bmp"}";
            bool ok = Mutants.EndsWellOrIn<ImageDecodeException>(n++, name, () =>
            {
                var image = ImageDecoder.Decode(bytes, name, Options);
                Assert.True(image.Width > 0 && image.Height > 0 && (long)image.Width * image.Height <= Options.MaxPixels);
                Assert.Equal(image.Width * image.Height * 3, image.Pixels.Length);
            });
            decoded += ok ? 1 : 0;
        }
        Assert.InRange(decoded, 1, n - 1); // both outcomes occur: the damage is neither always fatal nor always harmless
    }
}
