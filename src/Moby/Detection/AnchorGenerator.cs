using Moby.Torch;
using TorchSharp;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's AnchorGenerator (v2, center offset 0, scale major): per level, base anchors of side base size (the stride)
/// x scale, at each ratio h / w (w = side / sqrt(ratio), h = side x sqrt(ratio)), centred on the cell's top-left corner
/// and in the order ratio-major, scale-minor; shifted to every cell of the map in row-major order, so that the anchors
/// of a level are position-major, base-anchor-minor (what the RPN's channels, permuted to NHWC, line up with).
/// </summary>
internal sealed class AnchorGenerator
{
    private static readonly Scalar MinusHalf = Scalars.Of(-0.5);

    public AnchorGenerator(IReadOnlyList<int> strides, IReadOnlyList<double> ratios, IReadOnlyList<double> scales)
    {
        if (strides.Count == 0 || strides.Any(s => s < 1)) throw new ArgumentException("Anchor strides must be positive, one per level.");
        if (ratios.Count == 0 || ratios.Any(r => !(r > 0)) || scales.Count == 0 || scales.Any(s => !(s > 0)))
            throw new ArgumentException("Anchor ratios and scales must be positive and non-empty.");
        (Strides, Ratios, Scales) = (strides.ToArray(), ratios.ToArray(), scales.ToArray());
    }

    public int[] Strides { get; }
    public double[] Ratios { get; }
    public double[] Scales { get; }
    public int NumLevels => Strides.Length;
    public int NumBaseAnchors => Ratios.Length * Scales.Length;

    /// <summary>The base anchors [ratios x scales, 4] of a level, as mmdet computes them (float32).</summary>
    public Tensor BaseAnchors(int level)
    {
        using var scope = NewDisposeScope();
        float size = Strides[level];
        using var sizeScalar = Scalars.Of(size);
        var hRatios = tensor(Ratios.Select(r => (float)r).ToArray()).sqrt();
        var wRatios = hRatios.reciprocal().mul(One);   // 1 / hRatios, as TorchSharp computes it
        var scales = tensor(Scales.Select(s => (float)s).ToArray());
        var ws = (wRatios[.., TensorIndex.None].mul(sizeScalar) * scales[TensorIndex.None, ..]).view(-1);
        var hs = (hRatios[.., TensorIndex.None].mul(sizeScalar) * scales[TensorIndex.None, ..]).view(-1);
        return stack([ws.mul(MinusHalf), hs.mul(MinusHalf), ws.mul(PointFive), hs.mul(PointFive)], 1).MoveToOuterDisposeScope();
    }

    /// <summary>The anchors [H x W x A, 4] of each level's map (sizes in cells).</summary>
    public List<Tensor> GridAnchors(IReadOnlyList<(long Height, long Width)> sizes, Device device)
    {
        CheckLevels(sizes.Count);
        var anchors = new List<Tensor>();
        for (int level = 0; level < NumLevels; level++)
        {
            using var scope = NewDisposeScope();
            var (h, w) = sizes[level];
            using var stride = Scalars.Of(Strides[level]);
            var shiftX = Arange(w, ScalarType.Float32).mul(stride);
            var shiftY = Arange(h, ScalarType.Float32).mul(stride);
            var xx = shiftX.repeat(h);
            var yy = shiftY.view(-1, 1).repeat(1, w).view(-1);
            var shifts = stack([xx, yy, xx, yy], 1);
            var all = BaseAnchors(level)[TensorIndex.None, .., ..].add(shifts[.., TensorIndex.None, ..], One).view(-1, 4);
            anchors.Add(all.to(device).MoveToOuterDisposeScope());
        }
        return anchors;
    }

    /// <summary>
    /// mmdet's valid_flags: per level [H x W x A], true where the cell lies inside the image's padded size (cells
    /// beyond ceil(pad / stride) only cover the batch's padding).
    /// </summary>
    public List<Tensor> ValidFlags(IReadOnlyList<(long Height, long Width)> sizes, int padHeight, int padWidth, Device device)
    {
        CheckLevels(sizes.Count);
        var flags = new List<Tensor>();
        for (int level = 0; level < NumLevels; level++)
        {
            using var scope = NewDisposeScope();
            var (h, w) = sizes[level];
            long validH = Math.Min((padHeight + Strides[level] - 1) / Strides[level], h);
            long validW = Math.Min((padWidth + Strides[level] - 1) / Strides[level], w);
            using var validHeight = Scalars.Of(validH);
            using var validWidth = Scalars.Of(validW);
            var y = Arange(h) < validHeight;
            var x = Arange(w) < validWidth;
            var cells = (y[.., TensorIndex.None] & x[TensorIndex.None, ..]).view(-1);
            flags.Add(cells[.., TensorIndex.None].expand(-1, NumBaseAnchors).reshape(-1).to(device).MoveToOuterDisposeScope());
        }
        return flags;
    }

    private void CheckLevels(int count)
    {
        if (count != NumLevels) throw new ArgumentException($"{count} feature maps for {NumLevels} anchor levels.");
    }
}
