using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// RoIAlign as torchvision's <c>roi_align</c> and mmcv's <c>RoIAlign</c> (pool mode avg): each of the P x P bins of a
/// RoI averages bilinear samples on a regular grid of ceil(bin size) points per axis (or <c>samplingRatio</c>), with
/// the half-pixel shift when <c>aligned</c>; samples more than one pixel outside the map count as 0, those within
/// one pixel take the border's value. TorchSharp has no roi_align, so the sample positions are computed here (in float,
/// as torchvision's kernel) and the map is read with <c>grid_sample</c> (bilinear, border padding, at exactly those
/// positions); the bins are sums of their samples (<c>scatter_add</c>). Both are differentiable, so the backward pass is
/// autograd's: the gradient reaches the features, not the RoIs (as torchvision's).
/// </summary>
internal sealed class RoIAlign
{
    /// <summary>Sampled values (samples x channels) per grid_sample call: 64 MB of float32 at most.</summary>
    private const long ValuesPerCall = 1 << 24;

    /// <summary>Samples of a single RoI beyond which it is refused (a RoI far larger than any image).</summary>
    private const long MaxSamplesPerRoi = 1L << 24;

    public RoIAlign(int outputSize, double spatialScale, int samplingRatio = 0, bool aligned = true)
    {
        if (outputSize < 1) throw new ArgumentException($"RoIAlign output size must be positive, got {outputSize}.");
        if (!(spatialScale > 0)) throw new ArgumentException($"RoIAlign spatial scale must be positive, got {spatialScale}.");
        if (samplingRatio < 0) throw new ArgumentException($"RoIAlign sampling ratio must be 0 (adaptive) or positive, got {samplingRatio}.");
        (OutputSize, SpatialScale, SamplingRatio, Aligned) = (outputSize, spatialScale, samplingRatio, aligned);
    }

    public int OutputSize { get; }
    public double SpatialScale { get; }
    public int SamplingRatio { get; }
    public bool Aligned { get; }

    /// <summary>Features [K, C, P, P] of RoIs [K, 5] (image index, x1, y1, x2, y2 in input pixels) on maps [B, C, H, W].</summary>
    public Tensor Forward(Tensor input, Tensor rois)
    {
        if (input.ndim != 4) throw new ArgumentException($"RoIAlign expects maps [B, C, H, W], got [{string.Join(", ", input.shape)}].");
        if (rois.ndim != 2 || rois.shape[1] != 5) throw new ArgumentException($"RoIAlign expects RoIs [K, 5], got [{string.Join(", ", rois.shape)}].");
        using var scope = NewDisposeScope();
        var (channels, height, width) = (input.shape[1], (int)input.shape[2], (int)input.shape[3]);
        var geometry = RoiGeometry(rois, (int)input.shape[0]);
        var parts = new List<Tensor>();
        var order = new List<long>();
        foreach (var chunk in Chunks(geometry, Math.Max(1, ValuesPerCall / Math.Max(channels, 1))))
        {
            parts.Add(Pool(input, chunk, channels, height, width));
            order.AddRange(chunk.Select(r => r.Index));
        }
        if (parts.Count == 0) return zeros([0, channels, OutputSize, OutputSize], input.dtype, input.device).MoveToOuterDisposeScope();
        var pooled = cat(parts, 0);
        var inverse = new long[order.Count];
        for (int i = 0; i < order.Count; i++) inverse[order[i]] = i;
        return pooled.index_select(0, tensor(inverse, device: input.device)).MoveToOuterDisposeScope();
    }

    /// <summary>One RoI in feature coordinates: its start, bin size and samples per bin (torchvision's float arithmetic).</summary>
    private readonly record struct Roi(long Index, int Image, float StartX, float StartY, float BinW, float BinH, int GridW, int GridH)
    {
        public long Samples => (long)GridW * GridH;
    }

    private List<Roi> RoiGeometry(Tensor rois, int batch)
    {
        var r = HostCopy.Floats(rois);
        float scale = (float)SpatialScale, offset = Aligned ? 0.5f : 0f, p = OutputSize;
        var list = new List<Roi>(r.Length / 5);
        for (int k = 0; k < r.Length / 5; k++)
        {
            float image = r[5 * k];
            if (!(image >= 0 && image < batch && image == MathF.Floor(image)))
                throw new ArgumentException($"RoI {k} names image {image}; the batch has {batch}.");
            float startX = r[5 * k + 1] * scale - offset, startY = r[5 * k + 2] * scale - offset;
            float roiW = r[5 * k + 3] * scale - offset - startX, roiH = r[5 * k + 4] * scale - offset - startY;
            if (!Aligned) (roiW, roiH) = (MathF.Max(roiW, 1f), MathF.Max(roiH, 1f));
            if (!float.IsFinite(roiW) || !float.IsFinite(roiH)) throw new ArgumentException($"RoI {k} is not finite.");
            int gridW = SamplingRatio > 0 ? SamplingRatio : (int)MathF.Ceiling(roiW / p);
            int gridH = SamplingRatio > 0 ? SamplingRatio : (int)MathF.Ceiling(roiH / p);
            var roi = new Roi(k, (int)image, startX, startY, roiW / p, roiH / p, Math.Max(gridW, 0), Math.Max(gridH, 0));
            if (roi.Samples * OutputSize * OutputSize > MaxSamplesPerRoi)
                throw new ArgumentException($"RoI {k} ({roiW} x {roiH} feature pixels) needs more than {MaxSamplesPerRoi} samples.");
            list.Add(roi);
        }
        return list;
    }

    /// <summary>RoIs of one image at a time, in groups of at most <paramref name="samplesPerCall"/> samples (or one RoI).</summary>
    private IEnumerable<List<Roi>> Chunks(List<Roi> rois, long samplesPerCall)
    {
        foreach (var image in rois.GroupBy(r => r.Image))
        {
            var chunk = new List<Roi>();
            long samples = 0;
            foreach (var roi in image)
            {
                long n = roi.Samples * OutputSize * OutputSize;
                if (chunk.Count > 0 && samples + n > samplesPerCall)
                {
                    yield return chunk;
                    (chunk, samples) = ([], 0);
                }
                chunk.Add(roi);
                samples += n;
            }
            if (chunk.Count > 0) yield return chunk;
        }
    }

    /// <summary>The bins [n, C, P, P] of RoIs of one image.</summary>
    private Tensor Pool(Tensor input, List<Roi> rois, long channels, int height, int width)
    {
        var (grid, weights, bins) = (new List<float>(), new List<float>(), new List<long>());
        int p = OutputSize;
        for (int j = 0; j < rois.Count; j++)
        {
            var roi = rois[j];
            float count = Math.Max(roi.GridW * roi.GridH, 1);
            for (int ph = 0; ph < p; ph++)
                for (int pw = 0; pw < p; pw++)
                    for (int iy = 0; iy < roi.GridH; iy++)
                    {
                        float y = roi.StartY + ph * roi.BinH + (iy + .5f) * roi.BinH / roi.GridH;
                        for (int ix = 0; ix < roi.GridW; ix++)
                        {
                            float x = roi.StartX + pw * roi.BinW + (ix + .5f) * roi.BinW / roi.GridW;
                            if (y < -1f || y > height || x < -1f || x > width) continue;
                            grid.Add(Normalized(x, width));
                            grid.Add(Normalized(y, height));
                            weights.Add(1f / count);
                            bins.Add(((long)j * p + ph) * p + pw);
                        }
                    }
        }
        var output = zeros([channels, rois.Count * (long)p * p], input.dtype, input.device);
        if (weights.Count > 0)
        {
            var map = input[rois[0].Image].unsqueeze(0);
            var points = tensor(grid.ToArray(), device: input.device).to(input.dtype).view(1, 1, weights.Count, 2);
            var sampled = nn.functional.grid_sample(map, points, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
            var weighted = sampled.view(channels, weights.Count) * tensor(weights.ToArray(), device: input.device).to(input.dtype);
            // scatter_add, not index_add: TorchSharp's index_add passes its alpha Scalar in a way LibTorch 2.10 asserts on
            // in Release builds ("Scalar.h INTERNAL ASSERT"), even with the Scalar held.
            var index = tensor(bins.ToArray(), device: input.device).unsqueeze(0).expand(channels, -1);
            output = output.scatter_add(1, index, weighted);
        }
        return output.view(channels, rois.Count, p, p).permute(1, 0, 2, 3);
    }

    /// <summary>
    /// torchvision's clamping (a sample within one pixel outside reads the border) and grid_sample's normalised
    /// coordinate for pixel position <paramref name="v"/> (align_corners false: -1 and 1 are the outer pixel edges).
    /// </summary>
    private static float Normalized(float v, int size)
    {
        if (v <= 0) v = 0;
        if ((int)v >= size - 1) v = size - 1;
        return (2 * v + 1) / size - 1;
    }
}
