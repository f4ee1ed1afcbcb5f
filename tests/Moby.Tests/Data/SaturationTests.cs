using Moby.Data;
using Xunit;

namespace Moby.Tests.Data;

/// <summary>The vectorised saturation blend against the scalar one (Pillow's ImagingBlend with each pixel's luma).</summary>
public class SaturationTests
{
    [Theory]
    [InlineData(0f)]
    [InlineData(0.37f)]
    [InlineData(1f)]
    [InlineData(1.63f)]
    [InlineData(-0.5f)]
    public void EveryPixelIsTheScalarBlend(float factor)
    {
        var image = new ImageBuffer().Reset(67, 45, 3); // 3,015 pixels: the vector loop and a scalar tail
        new Random(7).NextBytes(image.Pixels);
        var before = image.Pixels.ToArray();
        ColorAdjust.Saturation(image, factor);
        for (int i = 0; i < before.Length; i += 3)
        {
            int gray = Grayscale.Luma(before[i], before[i + 1], before[i + 2]);
            for (int c = 0; c < 3; c++)
                Assert.Equal(ColorAdjust.Blend(gray, before[i + c], factor), image.Pixels[i + c]);
        }
    }
}
