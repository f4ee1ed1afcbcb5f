using Moby.Torch;
using TorchSharp;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's DeltaXYWHBBoxCoder: a box relative to a reference box as (dx, dy, dw, dh) = ((gx - px) / pw, (gy - py) / ph,
/// log(gw / pw), log(gh / ph)), minus the means, divided by the stds (the RPN's (0, 0, 0, 0) / (1, 1, 1, 1), the R-CNN
/// box head's (0, 0, 0, 0) / (0.1, 0.1, 0.2, 0.2)). Decoding clamps dw and dh to |log(16 / 1000)| and clips the boxes
/// to the image (x to [0, width], y to [0, height]) when a shape is given.
/// </summary>
internal sealed class DeltaXYWHBBoxCoder
{
    /// <summary>mmdet's wh_ratio_clip: a box grows or shrinks by at most 1000 / 16 per axis.</summary>
    public static readonly double MaxRatio = Math.Abs(Math.Log(16.0 / 1000));

    private static readonly Scalar MinDelta = Scalars.Of(-MaxRatio);
    private static readonly Scalar MaxDelta = Scalars.Of(MaxRatio);

    private readonly float[] means;
    private readonly float[] stds;

    public DeltaXYWHBBoxCoder(double[]? means = null, double[]? stds = null)
    {
        this.means = (means ?? [0, 0, 0, 0]).Select(m => (float)m).ToArray();
        this.stds = (stds ?? [1, 1, 1, 1]).Select(s => (float)s).ToArray();
        if (this.means.Length != 4 || this.stds.Length != 4 || this.stds.Any(s => !(s > 0)))
            throw new ArgumentException("A box coder needs four means and four positive stds.");
    }

    /// <summary>The RPN's coder (means 0, stds 1).</summary>
    public static DeltaXYWHBBoxCoder Rpn() => new();

    /// <summary>The R-CNN box head's coder (means 0, stds 0.1, 0.1, 0.2, 0.2).</summary>
    public static DeltaXYWHBBoxCoder Rcnn() => new(null, [0.1, 0.1, 0.2, 0.2]);

    /// <summary>The deltas [N, 4] that move boxes [N, 4] onto targets [N, 4].</summary>
    public Tensor Encode(Tensor boxes, Tensor targets)
    {
        using var scope = NewDisposeScope();
        var (p, g) = (boxes.to(ScalarType.Float32), targets.to(ScalarType.Float32));
        var px = p[.., 0].add(p[.., 2], One).mul(PointFive);
        var py = p[.., 1].add(p[.., 3], One).mul(PointFive);
        var pw = p[.., 2] - p[.., 0];
        var ph = p[.., 3] - p[.., 1];
        var gx = g[.., 0].add(g[.., 2], One).mul(PointFive);
        var gy = g[.., 1].add(g[.., 3], One).mul(PointFive);
        var gw = g[.., 2] - g[.., 0];
        var gh = g[.., 3] - g[.., 1];
        var deltas = stack([(gx - px) / pw, (gy - py) / ph, (gw / pw).log(), (gh / ph).log()], 1);
        return ((deltas - Row(means, deltas)) / Row(stds, deltas)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Boxes [N, 4k] from reference boxes [N, 4] and deltas [N, 4k] (k boxes per reference: one per class in the
    /// R-CNN head), clipped to (height, width) when <paramref name="maxShape"/> is given.
    /// </summary>
    public Tensor Decode(Tensor boxes, Tensor deltas, (int Height, int Width)? maxShape = null)
    {
        using var scope = NewDisposeScope();
        long k = deltas.shape[^1] / 4;
        var d = (deltas.view(deltas.shape[0], k, 4) * Row(stds, deltas)).add(Row(means, deltas), One);
        var (dx, dy) = (d[.., .., 0], d[.., .., 1]);
        var dw = d[.., .., 2].clamp(MinDelta, MaxDelta);
        var dh = d[.., .., 3].clamp(MinDelta, MaxDelta);
        var px = boxes[.., 0].add(boxes[.., 2], One).mul(PointFive).unsqueeze(1);
        var py = boxes[.., 1].add(boxes[.., 3], One).mul(PointFive).unsqueeze(1);
        var pw = (boxes[.., 2] - boxes[.., 0]).unsqueeze(1);
        var ph = (boxes[.., 3] - boxes[.., 1]).unsqueeze(1);
        var gw = pw * dw.exp();
        var gh = ph * dh.exp();
        var gx = px.add(pw * dx, One);
        var gy = py.add(ph * dy, One);
        var x1 = gx - gw.mul(PointFive);
        var y1 = gy - gh.mul(PointFive);
        var x2 = gx.add(gw.mul(PointFive), One);
        var y2 = gy.add(gh.mul(PointFive), One);
        if (maxShape is var (height, width))
        {
            using var right = Scalars.Of(width);
            using var bottom = Scalars.Of(height);
            (x1, y1, x2, y2) = (x1.clamp(Zero, right), y1.clamp(Zero, bottom), x2.clamp(Zero, right), y2.clamp(Zero, bottom));
        }
        return stack([x1, y1, x2, y2], 2).view(deltas.shape).MoveToOuterDisposeScope();
    }

    private static Tensor Row(float[] values, Tensor like) => tensor(values, device: like.device).to(like.dtype);
}
