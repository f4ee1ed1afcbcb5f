using Moby.Data.Detection;
using Xunit;

namespace Moby.Tests.Data.Detection;

/// <summary>Polygons rasterised as pycocotools' frPoly: hand-computed masks and pycocotools' strings.</summary>
public class PolygonRasterTests
{
    private static RleMask Rasterize(double[] polygon, int height, int width) =>
        PolygonRaster.Rasterize(polygon.Select(PolygonRaster.Scaled).ToArray(), height, width);

    [Fact]
    public void SquareCoversThePixelsWhoseCentresItHolds()
    {
        // (0,0)-(2,2): at scale 5 the top edge crosses the centre lines of columns 0 and 1 at y = 0, the bottom one at
        // y = ceil((10.5) / 5 - .5) = 2: boundaries 0, 2 (column 0) and 3, 5 (column 1), so runs 0, 2, 1, 2, 4.
        var mask = Rasterize([0, 0, 2, 0, 2, 2, 0, 2], 3, 3);
        Assert.Equal([0, 2, 1, 2, 4], mask.Counts);
        Assert.Equal(new byte[] { 1, 1, 0, 1, 1, 0, 0, 0, 0 }, mask.Decode());
    }

    [Fact]
    public void OrientationAndStartingVertexDoNotMatter()
    {
        double[] a = [1, 1, 6, 2, 4, 7], b = [4, 7, 6, 2, 1, 1];
        Assert.Equal(Rasterize(a, 9, 9).Counts, Rasterize(b, 9, 9).Counts);
    }

    [Fact]
    public void PartsOutsideTheImageAreCut()
    {
        var mask = Rasterize([-3, -3, 2, -3, 2, 2, -3, 2], 4, 4);
        Assert.Equal(new byte[] { 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, mask.Decode());
    }

    [Fact]
    public void RepeatedVerticesChangeNothing()
    {
        Assert.Equal(Rasterize([0, 0, 2, 0, 2, 2, 0, 2], 3, 3).Counts, Rasterize([0, 0, 2, 0, 2, 0, 2, 2, 0, 2, 0, 0], 3, 3).Counts);
    }

    [Fact]
    public void PolygonsGivePycocotoolsStrings()
    {
        foreach (var c in MaskReference.Cases("polygons"))
        {
            var polygon = c.GetProperty("polygon").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var mask = Rasterize(polygon, c.GetProperty("height").GetInt32(), c.GetProperty("width").GetInt32());
            Assert.Equal(c.GetProperty("counts").GetString(), mask.Compress());
        }
    }

    [Fact]
    public void SamplesCountTheOutlineAtTheRasterScale()
    {
        // Edges of 10, 10, 10 and 10 scaled units, each sampled at both ends.
        Assert.Equal(44, PolygonRaster.Samples(new[] { 0.0, 0, 2, 0, 2, 2, 0, 2 }.Select(PolygonRaster.Scaled).ToArray()));
    }
}
