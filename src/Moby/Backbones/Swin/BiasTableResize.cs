using TorchSharp;
using static TorchSharp.torch;

namespace Moby.Backbones.Swin;

/// <summary>
/// A relative position bias table for another window, as the official Swin checkpoint loader adapts one: the
/// [(2w-1)^2, heads] table seen as a (2w-1) x (2w-1) image per head, resized bicubically (align_corners False).
/// </summary>
internal static class BiasTableResize
{
    public static Tensor To(Tensor table, long length)
    {
        long heads = table.shape[1], from = Side(table.shape[0]), to = Side(length);
        using var scope = NewDisposeScope();
        using var grid = table.permute(1, 0).reshape(1, heads, from, from);
        using var resized = nn.functional.interpolate(grid, size: [to, to], mode: InterpolationMode.Bicubic, align_corners: false);
        return resized.reshape(heads, to * to).permute(1, 0).contiguous().MoveToOuterDisposeScope();
    }

    private static long Side(long length)
    {
        long side = (long)Math.Round(Math.Sqrt(length));
        return side * side == length ? side : throw new ArgumentException($"A relative position bias table of {length} rows is not square.");
    }
}
