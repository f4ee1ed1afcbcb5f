using static TorchSharp.torch;

namespace Moby.Detection;

/// <summary>
/// mmdet's _do_paste_mask (skip_empty, one mask at a time as on the CPU): a mask's probabilities resampled bilinearly
/// (grid_sample, align_corners false, zero outside) at the centres of the image pixels its box covers, within the
/// box's pixel span plus one pixel each side; 0 elsewhere.
/// </summary>
internal static class MaskPaste
{
    /// <summary>Masks [K, S, S] placed in their boxes [K, 4] on an image of the given size: [K, height, width] float32.</summary>
    public static Tensor Paste(Tensor masks, Tensor boxes, int height, int width)
    {
        using var scope = NewDisposeScope();
        var output = zeros([masks.shape[0], height, width], ScalarType.Float32, masks.device);
        var b = boxes.detach().to(ScalarType.Float32, CPU).contiguous().data<float>().ToArray();
        for (int k = 0; k < masks.shape[0]; k++)
        {
            var (x0, y0, x1, y1) = (b[4 * k], b[4 * k + 1], b[4 * k + 2], b[4 * k + 3]);
            int left = (int)Math.Max(MathF.Floor(x0) - 1, 0), top = (int)Math.Max(MathF.Floor(y0) - 1, 0);
            int right = (int)Math.Min(MathF.Ceiling(x1) + 1, width), bottom = (int)Math.Min(MathF.Ceiling(y1) + 1, height);
            if (right <= left || bottom <= top) continue;
            var gx = Normalised(left, right, x0, x1, masks.device);
            var gy = Normalised(top, bottom, y0, y1, masks.device);
            var grid = stack([gx[TensorIndex.None, ..].expand(gy.shape[0], -1), gy[.., TensorIndex.None].expand(-1, gx.shape[0])], 2).unsqueeze(0);
            var sampled = nn.functional.grid_sample(masks[k].to(ScalarType.Float32)[TensorIndex.None, TensorIndex.None], grid, align_corners: false);
            output[k, top..bottom, left..right] = sampled[0, 0];
        }
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>Pixel centres from..to-1 in the box's [-1, 1] frame; a zero-width box maps to 0 (mmdet replaces inf by 0).</summary>
    private static Tensor Normalised(int from, int to, float start, float end, Device device)
    {
        var centres = arange(from, to, dtype: ScalarType.Float32, device: device) + 0.5f;
        var normalised = (centres - start) / (end - start) * 2 - 1;
        return normalised.nan_to_num(0, 0, 0);
    }
}
