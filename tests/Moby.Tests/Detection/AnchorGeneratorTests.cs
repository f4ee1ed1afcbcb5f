using Moby.Detection;
using Xunit;
using static TorchSharp.torch;

namespace Moby.Tests.Detection;

/// <summary>mmdet's anchors, computed by hand: base anchors, their order on the grid, valid flags of a padded image.</summary>
public class AnchorGeneratorTests
{
    private const float R = 1.41421356f;   // sqrt(2)

    [Fact]
    public void BaseAnchorsAreRatioMajorAndCentredOnTheCellCorner()
    {
        using var scope = NewDisposeScope();
        var generator = new AnchorGenerator([4], [0.5, 1.0, 2.0], [8]);
        // side 4 x 8 = 32; ratio h / w = 0.5: w = 32 sqrt 2, h = 32 / sqrt 2; centre (0, 0) (center_offset 0)
        var expected = tensor(new[]
        {
            -16 * R, -8 * R, 16 * R, 8 * R,
            -16, -16, 16, 16,
            -8 * R, -16 * R, 8 * R, 16 * R,
        }).view(3, 4);
        TensorAssert.RelativeClose(expected, generator.BaseAnchors(0), 1e-6, "base anchors");
    }

    [Fact]
    public void ScalesVaryFastestWithinARatio()
    {
        using var scope = NewDisposeScope();
        var anchors = new AnchorGenerator([8], [1.0, 2.0], [1, 2]).BaseAnchors(0);
        var expected = tensor(new[]
        {
            -4, -4, 4, 4,   -8, -8, 8, 8,                                        // ratio 1, scales 1 and 2
            -2 * R, -4 * R, 2 * R, 4 * R,   -4 * R, -8 * R, 4 * R, 8 * R,        // ratio 2
        }).view(4, 4);
        TensorAssert.RelativeClose(expected, anchors, 1e-6, "scale order");
    }

    [Fact]
    public void GridAnchorsArePositionMajorRowByRow()
    {
        using var scope = NewDisposeScope();
        var generator = new AnchorGenerator([4, 8], [0.5, 1.0, 2.0], [8]);
        var levels = generator.GridAnchors([(2, 3), (1, 2)], CPU);
        Assert.Equal([18, 4], levels[0].shape);
        Assert.Equal([6, 4], levels[1].shape);
        // position 4 of the 2 x 3 map is row 1, column 1: shift (4, 4); its ratio-1 anchor is index 3 x 4 + 1
        TensorAssert.RelativeClose(tensor(new float[] { -12, -12, 20, 20 }), levels[0][13], 1e-7, "anchor 13");
        // position 2 is row 0, column 2: shift (8, 0)
        TensorAssert.RelativeClose(tensor(new float[] { -8, -16, 24, 16 }), levels[0][7], 1e-7, "anchor 7");
        // level 1: stride 8, side 64; position 1 shifts by (8, 0)
        TensorAssert.RelativeClose(tensor(new float[] { -24, -32, 40, 32 }), levels[1][4], 1e-7, "level 1 anchor 4");
    }

    [Fact]
    public void ValidFlagsCoverTheCellsOfThePaddedImageOnly()
    {
        using var scope = NewDisposeScope();
        var generator = new AnchorGenerator([4], [1.0, 2.0], [8]);
        // a 3 x 4 map; the image is padded to 5 x 9: ceil(5 / 4) = 2 rows, ceil(9 / 4) = 3 columns are valid
        var flags = generator.ValidFlags([(3, 4)], 5, 9, CPU)[0];
        var cells = flags.view(3, 4, 2);
        Assert.True(cells[..2, ..3].all().item<bool>());
        Assert.False(cells[2].any().item<bool>());
        Assert.False(cells[.., 3].any().item<bool>());
        Assert.Equal(12, flags.sum().item<long>());
    }

    [Fact]
    public void MapsMustMatchTheLevels()
    {
        var generator = new AnchorGenerator([4, 8], [1.0], [8]);
        Assert.Throws<ArgumentException>(() => generator.GridAnchors([(2, 2)], CPU));
        Assert.Throws<ArgumentException>(() => new AnchorGenerator([4], [0.0], [8]));
    }
}
