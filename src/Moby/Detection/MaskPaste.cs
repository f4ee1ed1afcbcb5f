using Moby.Torch;
using TorchSharp;
using static Moby.Torch.Scalars;
using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's _do_paste_mask as its CPU path runs it (skip_empty, one mask at a time): a mask's probabilities resampled
/// bilinearly (grid_sample, align_corners false, zero outside) at the centres of the image pixels, inside the box's
/// pixel span widened by one pixel each side (floor(x1) - 1 to ceil(x2) + 1, within the image); 0 elsewhere. Here
/// several masks are resampled over the whole image in one call and the span applied as a window, which gives the same
/// values with fewer calls.
/// </summary>
internal static class MaskPaste
{
    /// <summary>Image pixels resampled per grid_sample call (bounds the grid's memory).</summary>
    private const long PixelsPerCall = 1 << 22;

    /// <summary>
    /// Masks [K, S, S] placed in their boxes [K, 4] on an image of the given size: [K, height, width], the float32
    /// probabilities, or with <paramref name="threshold"/> at 0 or above bytes (1 where the probability reaches it), as
    /// mmdet keeps them. A few masks at a time are pasted and thresholded into the result, so a photo of several
    /// megapixels holds one byte per pixel and detection, not float32 probabilities of them all and a copy.
    /// </summary>
    public static Tensor Paste(Tensor masks, Tensor boxes, int height, int width, double threshold = -1)
    {
        long count = masks.shape[0];
        var pasted = zeros([count, height, width], threshold >= 0 ? ScalarType.Byte : ScalarType.Float32, masks.device);
        long perCall = Math.Max(1, PixelsPerCall / Math.Max((long)height * width, 1));
        for (long start = 0; start < count; start += perCall)
        {
            using var scope = NewDisposeScope();
            long n = Math.Min(perCall, count - start);
            var chunk = PasteChunk(masks.narrow(0, start, n), boxes.narrow(0, start, n).to(ScalarType.Float32), height, width);
            using var reached = threshold >= 0 ? Of(threshold) : null;
            pasted.narrow(0, start, n).copy_(reached is null ? chunk : chunk >= reached);
        }
        return pasted;
    }

    private static Tensor PasteChunk(Tensor masks, Tensor boxes, int height, int width)
    {
        var device = masks.device;
        var (x0, y0, x1, y1) = (boxes[.., 0..1], boxes[.., 1..2], boxes[.., 2..3], boxes[.., 3..4]);
        var columns = Arange(width, ScalarType.Float32, device);
        var rows = Arange(height, ScalarType.Float32, device);
        var gx = Normalised(columns, x0, x1);   // [n, W]
        var gy = Normalised(rows, y0, y1);      // [n, H]
        long n = masks.shape[0];
        var grid = stack([gx[.., TensorIndex.None, ..].expand(n, height, width), gy[.., .., TensorIndex.None].expand(n, height, width)], 3);
        var sampled = nn.functional.grid_sample(masks.to(ScalarType.Float32).unsqueeze(1), grid, align_corners: false).squeeze(1);
        // mmdet's span: floor(x1) - 1 clamped at 0 up to ceil(x2) + 1 clamped at the image (columns; rows alike).
        using var w = Scalars.Of(width);
        using var h = Scalars.Of(height);
        var inX = columns >= x0.floor().sub(One).clamp_min(Zero) & columns < x1.ceil().add(One, alpha: One).clamp_max(w);
        var inY = rows >= y0.floor().sub(One).clamp_min(Zero) & rows < y1.ceil().add(One, alpha: One).clamp_max(h);
        var window = inY[.., .., TensorIndex.None] & inX[.., TensorIndex.None, ..];
        return sampled * window;
    }

    /// <summary>Pixel centres in each box's [-1, 1] frame [n, size]; a zero-sized box's infinities become 0 (as mmdet).</summary>
    private static Tensor Normalised(Tensor pixels, Tensor start, Tensor end)
    {
        var normalised = ((pixels.add(PointFive, alpha: One) - start) / (end - start)).mul(Two).sub(One);
        return normalised.nan_to_num(0, 0, 0);
    }
}
