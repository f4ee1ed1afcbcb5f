using Moby.Data;
using Moby.Detection;
using Moby.Detection.Evaluation;
using Xunit;

namespace Moby.Tests.Detection;

/// <summary>Pictures of detections: box edges and tags in the class's colour, masks blended over the image, readable text without system fonts.</summary>
public class DetectionPictureTests
{
    private static readonly IReadOnlyList<string> Classes = ["T-shirt/top", "Trouser", "Pullover"];

    /// <summary>A grey 64 x 64 image with one Pullover (label 2): box (10, 20) to (30, 50), mask the box's left half.</summary>
    private static (DecodedImage Image, DetectionResult Pullover) Scene()
    {
        var pixels = Enumerable.Repeat((byte)100, 64 * 64 * 3).ToArray();
        var mask = new byte[64 * 64];
        for (int y = 20; y < 50; y++)
            for (int x = 10; x < 20; x++) mask[y * 64 + x] = 1;
        return (DecodedImage.Create(pixels, 64, 64, 3), DetectionResult.WithMask(2, 0.87f, [10, 20, 30, 50], mask, 64, 64));
    }

    [Fact]
    public void BoxEdgesTagsAndMasksHaveTheClassColour()
    {
        var (image, pullover) = Scene();
        var canvas = DetectionPicture.Draw(image, Classes, new DetectionPicture.Panel([pullover], Scores: true));
        Assert.Equal((256, 256), (canvas.Width, canvas.Height));  // 64 px scenes drawn x4
        var colour = DetectionPicture.Colour(2);
        Assert.Equal((128, 128, 0), ((int)colour.R, (int)colour.G, (int)colour.B)); // the palette's index 3, as the segmentation draws Pullover
        Assert.Equal(colour, canvas.Get(40, 140));     // left edge: x = 10 x 4
        Assert.Equal(colour, canvas.Get(119, 140));    // right edge: the last pixel before x = 30 x 4
        Assert.Equal(colour, canvas.Get(80, 199));     // bottom edge
        Assert.Equal(((byte)100, (byte)100, (byte)100), canvas.Get(100, 140)); // inside the box, outside the mask
        Assert.Equal(((byte)113, (byte)113, (byte)55), canvas.Get(60, 140)); // in the mask: 0.45 of the colour over grey 100
        // The tag sits above the box's top left corner (y 80): "PULLOVER 0.87" in white on olive.
        var tag = Enumerable.Range(40, 60).SelectMany(x => Enumerable.Range(70, 10).Select(y => canvas.Get(x, y))).ToList();
        Assert.Contains(colour, tag);
        Assert.Contains(((byte)255, (byte)255, (byte)255), tag);
    }

    [Fact]
    public void TheTextIsDrawnFromTheBuiltInFont()
    {
        var (image, pullover) = Scene();
        var canvas = DetectionPicture.Draw(image, Classes, new DetectionPicture.Panel([pullover], Scores: true));
        // The tag is 1 px of padding, then the glyphs: 'P' of PULLOVER starts at (41, 72) with its top row "####.".
        int left = 41, top = 80 - (PixelFont.GlyphHeight + 2) + 1;
        for (int x = 0; x < PixelFont.GlyphWidth; x++)
            Assert.Equal(PixelFont.Ink('P', x, 0), canvas.Get(left + x, top) == ((byte)255, (byte)255, (byte)255));
        Assert.True(PixelFont.Ink('p', 0, 0));                     // lower case drawn as upper case
        Assert.Equal(PixelFont.Ink('?', 1, 0), PixelFont.Ink('é', 1, 0)); // and anything else as '?'
        Assert.Equal(6 * 13 - 1, PixelFont.Measure("PULLOVER 0.87", 1));
    }

    [Fact]
    public void DetectionsBelowThePanelsThresholdAreLeftOutAndGroundTruthHasNoScore()
    {
        var (image, pullover) = Scene();
        var weak = pullover with { Score = 0.2f };
        var canvas = DetectionPicture.Draw(image, Classes, new DetectionPicture.Panel([pullover], Scores: false),
                                           new DetectionPicture.Panel([weak], Scores: true, MinScore: DetectionPicture.ShowScoreThr));
        Assert.Equal((2 * 256 + 4, 256), (canvas.Width, canvas.Height));
        Assert.Equal(DetectionPicture.Colour(2), canvas.Get(40, 140));           // the truth's box
        Assert.Equal(((byte)100, (byte)100, (byte)100), canvas.Get(260 + 40, 140)); // the weak detection is not drawn
        Assert.Equal(((byte)64, (byte)64, (byte)64), canvas.Get(257, 10));       // the gap
    }

    [Theory]
    [InlineData(64, 64, 4)]
    [InlineData(28, 20, 8)]
    [InlineData(100, 300, 1)]
    [InlineData(1333, 800, 1)]
    public void SmallImagesAreEnlarged(int width, int height, int scale) => Assert.Equal(scale, DetectionPicture.Scale(width, height));

    [Fact]
    public void ThePictureIsAPng()
    {
        using var dir = new TempDir();
        var (image, pullover) = Scene();
        DetectionPicture.Save(dir.File("p.png"), image, Classes, new DetectionPicture.Panel([pullover], Scores: true));
        var decoded = ImageDecoder.DecodeFile(dir.File("p.png"));
        Assert.Equal((256, 256, 3), (decoded.Width, decoded.Height, decoded.Channels));
        int at = (140 * 256 + 40) * 3;
        Assert.Equal(new byte[] { 128, 128, 0 }, decoded.Pixels.Span.Slice(at, 3).ToArray());
    }
}
