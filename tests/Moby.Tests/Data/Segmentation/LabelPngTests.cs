using Moby.Data;
using Moby.Data.Segmentation;
using Xunit;

namespace Moby.Tests.Data.Segmentation;

/// <summary>Label maps decode to the stored indices (grayscale values, palette indices), through every PNG filter.</summary>
public class LabelPngTests
{
    private const long Limit = 1 << 20;

    [Fact]
    public void GrayRoundTripKeepsEveryValue()
    {
        var values = Enumerable.Range(0, 256).Select(v => (byte)v).ToArray();
        var map = LabelPng.Decode(LabelPng.Encode(new LabelMap(values, 32, 8)), "x.png", Limit);
        Assert.Equal((32, 8), (map.Width, map.Height));
        Assert.Equal(values, map.Labels);
    }

    [Fact]
    public void PaletteFileGivesIndicesNotColours()
    {
        byte[] palette = [10, 20, 30, 200, 0, 0, 0, 200, 0];
        var png = LabelPng.Encode(new LabelMap([0, 1, 2, 1], 2, 2), palette);
        Assert.Equal([0, 1, 2, 1], LabelPng.Decode(png, "p.png", Limit).Labels);
    }

    [Fact]
    public void EveryFilterTypeIsUndone()
    {
        // Raw rows of a 3-pixel-wide 8-bit gray image, filtered by hand: row 0 None, 1 Sub, 2 Up, 3 Average, 4 Paeth.
        byte[][] raw = [[10, 20, 30], [5, 7, 200], [6, 8, 100], [50, 60, 70], [40, 90, 65]];
        byte[][] filtered =
        [
            [0, 10, 20, 30],
            [1, 5, 2, 193],      // x - left: 5, 7 - 5, 200 - 7
            [2, 1, 1, 156],      // x - up: 6 - 5, 8 - 7, 100 - 200 (mod 256)
            [3, 47, 31, 246],    // x - floor((left + up) / 2): 50 - 3, 60 - 29, 70 - 80
            [4, 246, 40, 231],   // Paeth picks up (50), upper-left (50), left (90): 40 - 50, 90 - 50, 65 - 90
        ];
        var map = LabelPng.Decode(PngBuilder.Build(3, 5, 8, 0, filtered), "f.png", Limit);
        Assert.Equal(raw.SelectMany(r => r).ToArray(), map.Labels);
    }

    [Theory]
    [InlineData(1, new byte[] { 0b1011_0000 }, new byte[] { 1, 0, 1, 1 })]
    [InlineData(2, new byte[] { 0b1101_0011 }, new byte[] { 3, 1, 0, 3 })]
    [InlineData(4, new byte[] { 0xA5, 0x30 }, new byte[] { 10, 5, 3, 0 })]
    public void SubByteIndicesUnpackMostSignificantFirst(byte depth, byte[] packed, byte[] expected)
    {
        var palette = new byte[3 << depth];
        var png = PngBuilder.Build(4, 1, depth, 3, [[0, .. packed]], palette);
        Assert.Equal(expected, LabelPng.Decode(png, "s.png", Limit).Labels);
    }

    [Fact]
    public void ColourAndInterlacedFilesAreRefusedNamingTheFile()
    {
        var rgb = PngBuilder.Build(1, 1, 8, 2, [[0, 1, 2, 3]]);
        Assert.Contains("'rgb.png': colour type 2", Assert.Throws<DataException>(() => LabelPng.Decode(rgb, "rgb.png", Limit)).Message);
        var interlaced = PngBuilder.Build(1, 1, 8, 0, [[0, 1]], interlace: 1);
        Assert.Contains("interlaced", Assert.Throws<DataException>(() => LabelPng.Decode(interlaced, "i.png", Limit)).Message);
    }

    [Fact]
    public void HugeDeclaredSizeIsRefusedBeforeAllocating()
    {
        var png = PngBuilder.Build(100_000, 100_000, 8, 0, [[0, 1]]);
        var e = Assert.Throws<DataException>(() => LabelPng.Decode(png, "big.png", Limit));
        Assert.Contains("'big.png': its header declares 100000 x 100000 pixels", e.Message);
    }

    [Fact]
    public void ShortImageDataIsTruncation()
    {
        var png = PngBuilder.Build(4, 4, 8, 0, [[0, 1, 2, 3, 4]]);
        Assert.Contains("fewer than the 20", Assert.Throws<DataException>(() => LabelPng.Decode(png, "t.png", Limit)).Message);
    }

    [Fact]
    public void DamagedFilesDecodeOrEndInOneErrorNamingTheFile()
    {
        var values = Enumerable.Range(0, 24 * 16).Select(i => (byte)(i / 40)).ToArray();
        var valid = LabelPng.Encode(new LabelMap(values, 24, 16), Enumerable.Range(0, 30).Select(i => (byte)i).ToArray());
        int n = 0, decoded = 0;
        foreach (var bytes in Mutants.Of(valid, 7, 400, Mutants.First(64)))
        {
            string name = $"case{n}.png";
            decoded += Mutants.EndsWellOrIn<DataException>(n++, name, () =>
            {
                var map = LabelPng.Decode(bytes, name, Limit);
                Assert.Equal(map.Width * map.Height, map.Labels.Length);
                Assert.InRange((long)map.Width * map.Height, 1, Limit);
            }) ? 1 : 0;
        }
        Assert.InRange(decoded, 1, n - 1);
    }
}
