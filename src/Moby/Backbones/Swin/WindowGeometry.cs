using static TorchSharp.torch;

namespace Moby.Backbones.Swin;

/// <summary>The fixed index tensors of (shifted) window attention, built exactly as the official code builds them.</summary>
internal static class WindowGeometry
{
    /// <summary>relative_position_index [N, N], N = w*w: (hi - hj + w - 1) * (2w - 1) + (wi - wj + w - 1), tokens row-major.</summary>
    public static Tensor RelativePositionIndex(int window)
    {
        int n = window * window;
        var index = new long[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int dh = i / window - j / window + window - 1, dw = i % window - j % window + window - 1;
                index[i * n + j] = dh * (2 * window - 1) + dw;
            }
        return tensor(index, [n, n]);
    }

    /// <summary>
    /// attn_mask [nW, N, N] of a shifted block: the (already rolled) grid is cut into 3x3 regions at
    /// -window and -shift from each edge; tokens of different regions in one window get -100, others 0.
    /// </summary>
    public static Tensor ShiftMask(int resolution, int window, int shift) => ShiftMask(resolution, resolution, window, shift);

    /// <summary>The same for a <paramref name="height"/> x <paramref name="width"/> grid (both multiples of the window: a padded grid).</summary>
    public static Tensor ShiftMask(int height, int width, int window, int shift)
    {
        static int Region(int coordinate, int size, int window, int shift) => coordinate < size - window ? 0 : coordinate < size - shift ? 1 : 2;

        int across = width / window, n = window * window, windows = height / window * across;
        var mask = new float[windows * n * n];
        for (int w = 0; w < windows; w++)
        {
            var labels = new int[n];
            for (int t = 0; t < n; t++)
            {
                int row = w / across * window + t / window, col = w % across * window + t % window;
                labels[t] = 3 * Region(row, height, window, shift) + Region(col, width, window, shift);
            }
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                    mask[(w * n + i) * n + j] = labels[i] == labels[j] ? 0f : -100f;
        }
        return tensor(mask, [windows, n, n]);
    }

    /// <summary>[B, H, W, C] to windows [B * nW, w*w, C], ordered (batch, window row, window col), tokens row-major.</summary>
    public static Tensor Partition(Tensor x, int window)
    {
        long b = x.shape[0], h = x.shape[1], w = x.shape[2], c = x.shape[3];
        using var grid = x.view(b, h / window, window, w / window, window, c);
        using var permuted = grid.permute(0, 1, 3, 2, 4, 5);
        return permuted.reshape(-1, window * window, c);
    }

    /// <summary>The inverse of <see cref="Partition"/>: windows [B * nW, w*w, C] to [B, H, W, C].</summary>
    public static Tensor Reverse(Tensor windows, int window, int height, int width)
    {
        long c = windows.shape[^1];
        using var grid = windows.view(-1, height / window, width / window, window, window, c);
        using var permuted = grid.permute(0, 1, 3, 2, 4, 5);
        return permuted.reshape(-1, height, width, c);
    }
}
