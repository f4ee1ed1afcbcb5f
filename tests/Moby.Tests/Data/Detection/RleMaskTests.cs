using System.Text;
using Moby.Data.Detection;
using Xunit;

namespace Moby.Tests.Data.Detection;

/// <summary>COCO's run-length masks: hand-made cases and pycocotools' own outputs (compressed strings, unions, IoU).</summary>
public class RleMaskTests
{
    private static RleMask FromString(string counts, int height, int width) => RleMask.FromString(Encoding.ASCII.GetBytes(counts), height, width);

    [Fact]
    public void HandMadeRunsDecodeColumnMajor()
    {
        // 2 rows x 3 columns, column-major pixel order (0,0) (1,0) (0,1) (1,1) (0,2) (1,2): 1 out, 2 in, 3 out.
        var mask = RleMask.FromCounts([1, 2, 3], height: 2, width: 3);
        Assert.Equal(new byte[] { 0, 1, 0, 1, 0, 0 }, mask.Decode()); // (x1, y0) and (x0, y1) inside
        Assert.Equal(2, mask.Area);
    }

    [Fact]
    public void ShortRunsLeaveTheRestBackgroundAndLongOnesAreRefused()
    {
        var mask = RleMask.FromCounts([0, 2], height: 2, width: 2);
        Assert.Equal([0, 2, 2], mask.Counts);
        Assert.Equal(new byte[] { 1, 0, 1, 0 }, mask.Decode()); // the first column
        var empty = RleMask.FromCounts([1, 0, 2], 1, 3); // an empty run of ones: nothing inside
        Assert.Equal(new byte[3], empty.Decode());
        Assert.Equal(0, empty.Area);
        Assert.Contains("more than the 2 x 2 = 4 pixels", Assert.Throws<FormatException>(() => RleMask.FromCounts([3, 2], 2, 2)).Message);
        Assert.Contains("negative", Assert.Throws<FormatException>(() => RleMask.FromCounts([3, -1], 2, 2)).Message);
    }

    [Fact]
    public void EncodeAndDecodeRoundTrip()
    {
        var rng = new Random(3);
        for (int trial = 0; trial < 20; trial++)
        {
            int h = 1 + rng.Next(9), w = 1 + rng.Next(9);
            var mask = Enumerable.Range(0, h * w).Select(_ => (byte)rng.Next(2)).ToArray();
            var rle = RleMask.Encode(mask, w, h);
            Assert.Equal(mask, rle.Decode());
            Assert.Equal(mask.Count(v => v == 1), rle.Area);
            Assert.Equal(mask, FromString(rle.Compress(), h, w).Decode());
        }
    }

    [Fact]
    public void SquaresEncodeToPycocotoolsStrings()
    {
        foreach (var c in MaskReference.Cases("squares"))
        {
            int h = c.GetProperty("height").GetInt32(), w = c.GetProperty("width").GetInt32();
            var mask = MaskReference.Square(h, w, c.GetProperty("from").GetInt32(), c.GetProperty("to").GetInt32());
            string counts = c.GetProperty("counts").GetString()!;
            Assert.Equal(counts, RleMask.Encode(mask, w, h).Compress());
            Assert.Equal(mask, FromString(counts, h, w).Decode());
        }
    }

    [Fact]
    public void UncompressedRunsCompressAsPycocotools()
    {
        var c = MaskReference.Cases("uncompressed").Single();
        var runs = c.GetProperty("runs").EnumerateArray().Select(v => v.GetInt64()).ToArray();
        Assert.Equal(c.GetProperty("counts").GetString(), RleMask.FromCounts(runs, 25, 25).Compress());
    }

    [Fact]
    public void UnionsMatchPycocotoolsMerge()
    {
        foreach (var c in MaskReference.Cases("unions"))
        {
            int h = c.GetProperty("height").GetInt32(), w = c.GetProperty("width").GetInt32();
            var parts = c.TryGetProperty("parts", out var strings)
                ? strings.EnumerateArray().Select(s => FromString(s.GetString()!, h, w)).ToList()
                : c.GetProperty("partsSquares").EnumerateArray().Select(s => RleMask.Encode(MaskReference.Square(h, w, s[0].GetInt32(), s[1].GetInt32()), w, h)).ToList();
            Assert.Equal(c.GetProperty("counts").GetString(), RleMask.Union(parts, h, w).Compress());
        }
    }

    [Fact]
    public void OverlapGivesPycocotoolsIou()
    {
        foreach (var c in MaskReference.Cases("ious"))
        {
            RleMask Square(string name) => RleMask.Encode(MaskReference.Square(25, 25, c.GetProperty(name)[0].GetInt32(), c.GetProperty(name)[1].GetInt32()), 25, 25);
            var (i, u) = RleMask.Overlap(Square("a"), Square("b"));
            Assert.Equal(c.GetProperty("iou").GetDouble(), (double)i / u);
        }
    }

    [Fact]
    public void EmptyRunsAtTheStartDecodeAsPycocotools()
    {
        var c = MaskReference.Case("leadingZeros");
        int h = c.GetProperty("height").GetInt32(), w = c.GetProperty("width").GetInt32();
        string counts = c.GetProperty("counts").GetString()!;
        var rle = FromString(counts, h, w);
        Assert.Equal([0, 0, 0], rle.Counts.Take(3));
        Assert.Equal(counts[2..], RleMask.Encode(rle.Decode(), w, h).Compress());
    }

    [Theory]
    [InlineData("0a", "runs past the end")]       // 'a' = 49 carries the continuation bit
    [InlineData("0~", "not an RLE character")]    // '~' - 48 = 78 > 63
    [InlineData("0 ", "not an RLE character")]
    [InlineData("\u001b[2J", @"'\x1b' is not an RLE character")] // a terminal escape is shown escaped, never raw
    [InlineData("Pooooooooooooo0", "beyond 60 bits")]
    public void MalformedStringsAreFormatErrors(string counts, string expected)
    {
        Assert.Contains(expected, Assert.Throws<FormatException>(() => FromString(counts, 4, 4)).Message);
    }

    [Fact]
    public void RunsBeyondTheMaskAreRefusedBeforeDecoding()
    {
        // 1000 pixels claimed for a 4 x 4 mask: "Xo0" is 1000 (8 + 31 * 32, the last group carrying the sign 0).
        Assert.Equal([0, 1000], Moby.Data.Segmentation.MaskRle.Counts("0Xo0"));
        Assert.Contains("more than the 4 x 4", Assert.Throws<FormatException>(() => FromString("0Xo0", 4, 4)).Message);
        Assert.Contains("negative", Assert.Throws<FormatException>(() => FromString("4O", 4, 4)).Message); // 'O' = 31: -1 after sign extension
    }
}
